// Data for the team API tests: records made through the real collect endpoints, then moved in
// time (or status) directly in D1, and API keys of either scope inserted through worker/db.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { GRADE_ROLLUP_SQL } from "../../worker/db/grade.ts";
import { orm } from "../../worker/db/orm.ts";
import { apiKeys } from "../../worker/db/schema.ts";
import { hashApiKey, newApiKey } from "../../worker/lib/keys.ts";
import { call, collect, inquiryBody, leadBody } from "./helpers.ts";

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** A new API key of the given scope for a site. */
export async function addKey(siteId: string, scope: "read" | "write", label = `${scope} key`) {
  const key = newApiKey();
  const id = crypto.randomUUID();
  await orm(env.DB)
    .insert(apiKeys)
    .values({ id, siteId, keyHash: await hashApiKey(key), label, scope, createdAt: Date.now() });
  return { key, id };
}

/** Collects an inquiry; `at` (epoch ms) and `status` are then set in D1. Returns its id. */
export async function seedInquiry(
  siteKey: string,
  body: Record<string, unknown> = {},
  set: { at?: number; status?: string } = {},
): Promise<string> {
  const res = await collect("inquiry", siteKey, inquiryBody({ message: `m-${crypto.randomUUID()}`, ...body }));
  if (res.status !== 201) throw new Error(`seeding an inquiry failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  if (set.at !== undefined)
    await env.DB.prepare("UPDATE inquiries SET created_at = ? WHERE id = ?").bind(set.at, id).run();
  if (set.status) await env.DB.prepare("UPDATE inquiries SET status = ? WHERE id = ?").bind(set.status, id).run();
  return id;
}

/** Collects a lead; `at` (epoch ms) becomes its first and last download time. Returns its id. */
export async function seedLead(siteKey: string, body: Record<string, unknown> = {}, at?: number): Promise<string> {
  const res = await collect("lead", siteKey, leadBody(body));
  if (res.status !== 201) throw new Error(`seeding a lead failed: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  if (at !== undefined) {
    await env.DB.prepare("UPDATE leads SET first_seen_at = ?, last_seen_at = ?, window_open = 0 WHERE id = ?")
      .bind(at, at, id)
      .run();
    await refreshGradeRollup("id = (SELECT contact_id FROM leads WHERE id = ?)", id);
  }
  return id;
}

/**
 * Recomputes the grade's rollup (migration 0014) of the contacts `where` selects, after a test
 * moved their leads in time: the collect path keeps it current for what really happens, and
 * time travel is not one of those things.
 */
export async function refreshGradeRollup(where: string, ...params: unknown[]) {
  await env.DB.prepare(GRADE_ROLLUP_SQL(where))
    .bind(...params)
    .run();
}

export interface ErrorBody {
  error: { code: string; message: string; fields: Record<string, string> };
}

/** GET with a bearer key; the JSON body typed as the caller expects. */
export async function getJson<T>(apiKey: string, path: string): Promise<{ status: number; body: T }> {
  const res = await call(path, { headers: { authorization: `Bearer ${apiKey}` } });
  return { status: res.status, body: (await res.json()) as T };
}

export interface ListPage<T = { id: string }> {
  data: T[];
  nextCursor: string | null;
}

/** Every id of a list, following nextCursor (from the cursor `from`, if given). */
export async function allIds(apiKey: string, path: string, from: string | null = null): Promise<string[]> {
  const ids: string[] = [];
  let cursor = from;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes("?") ? "&" : "?";
    const { status, body } = await getJson<ListPage>(apiKey, cursor ? `${path}${sep}cursor=${cursor}` : path);
    if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(body)}`);
    ids.push(...body.data.map((row) => row.id));
    cursor = body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("more than 50 pages");
}

/** Every page of `path` (limit 2), following nextCursor to its end (at most 100 pages), with no error on the way. */
export async function everyPage(apiKey: string, path: string) {
  const all: { id: string }[][] = [];
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: ListPage } = await getJson<ListPage>(
      apiKey,
      `${path}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(status).toBe(200);
    all.push(body.data);
    cursor = body.nextCursor;
  } while (cursor && all.length < 100);
  expect(cursor).toBeNull();
  return all;
}
