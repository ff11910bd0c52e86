// Moving a site to another D1 is a configuration change (worker/db/handle.ts): vitest.config.ts
// gives the worker a second D1 binding, DB_2, and SITE_DATABASES routes the site SECOND_SITE_ID
// there. Everything of that site (collect, team API, webhooks through the queue) must then live
// in DB_2 alone, while the other sites stay in DB.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { insertApiKey } from "../../worker/db/api-keys.ts";
import { allDatabases, databaseFor, directoryDatabase } from "../../worker/db/handle.ts";
import type { Env } from "../../worker/env.ts";
import { hashApiKey, newApiKey, newSiteKey } from "../../worker/lib/keys.ts";
import { collect, inquiryBody, leadBody, makeSite, ORIGIN } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

// Kept equal to SITE_DATABASES in vitest.config.ts.
const SECOND_SITE_ID = "00000000-0000-4000-8000-00000000db02";

const count = async (db: D1Database, table: string, siteId: string) =>
  (await db.prepare(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`).bind(siteId).first<{ n: number }>())?.n;

let siteKey: string;
let apiKey: string;

beforeAll(async () => {
  siteKey = newSiteKey();
  // The site's row is in the directory (looked up by key) and in its own database (its rows refer to it).
  for (const db of [env.DB, env.DB_2]) {
    await db
      .prepare(
        `INSERT INTO sites (id, site_key, name, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET site_key = excluded.site_key`,
      )
      .bind(SECOND_SITE_ID, siteKey, "Second database", JSON.stringify([ORIGIN]), Date.now())
      .run();
  }
  apiKey = newApiKey();
  await insertApiKey(env.DB, {
    siteId: SECOND_SITE_ID,
    keyHash: await hashApiKey(apiKey),
    name: "test",
    scope: "write",
  });
});

describe("a site routed to a second D1 by SITE_DATABASES", () => {
  it("resolves the routed site to DB_2, any other site and the directory to DB, and crons walk both", () => {
    const workerEnv = env as unknown as Env;
    expect(databaseFor(workerEnv, SECOND_SITE_ID)).toBe(env.DB_2);
    expect(databaseFor(workerEnv, crypto.randomUUID())).toBe(env.DB);
    expect(directoryDatabase(workerEnv)).toBe(env.DB);
    expect(allDatabases(workerEnv)).toEqual([env.DB, env.DB_2]);
  });

  it("refuses a routing table that names a binding the worker does not have", () => {
    const broken = { ...env, SITE_DATABASES: JSON.stringify({ DB_9: [SECOND_SITE_ID] }) } as unknown as Env;
    expect(() => databaseFor(broken, SECOND_SITE_ID)).toThrow("SITE_DATABASES names DB_9, not a D1 binding");
    const notAnObject = { ...env, SITE_DATABASES: '["DB_2"]' } as unknown as Env;
    expect(() => databaseFor(notAnObject, SECOND_SITE_ID)).toThrow("SITE_DATABASES must be a JSON object");
  });

  it("stores its submissions in DB_2 only, and another site's in DB only", async () => {
    const other = await makeSite();
    expect((await collect("lead", siteKey, leadBody())).status).toBe(201);
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);
    expect((await collect("lead", other.siteKey, leadBody())).status).toBe(201);
    for (const table of ["contacts", "leads", "inquiries", "submissions"]) {
      expect(await count(env.DB_2, table, SECOND_SITE_ID), table).toBeGreaterThan(0);
      expect(await count(env.DB, table, SECOND_SITE_ID), table).toBe(0);
    }
    expect(await count(env.DB, "leads", other.siteId)).toBe(1);
    expect(await count(env.DB_2, "leads", other.siteId)).toBe(0);
  });

  it("answers the team API from DB_2, and a retry is still a duplicate there", async () => {
    const body = leadBody({ email: "routed@example.jp" });
    const first = (await (await collect("lead", siteKey, body)).json()) as { id: string };
    const again = (await (await collect("lead", siteKey, body)).json()) as { id: string; duplicate?: boolean };
    expect(again).toMatchObject({ id: first.id, duplicate: true });
    const { status, body: page } = await api(apiKey, "GET", "/v1/leads?q=routed@example.jp");
    expect(status).toBe(200);
    expect(page.data.map((lead: { id: string }) => lead.id)).toEqual([first.id]);
  });

  it("delivers its webhooks through the queue, reading the outbox in DB_2", async () => {
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    expect(await count(env.DB_2, "webhooks", SECOND_SITE_ID)).toBe(1);
    expect(await count(env.DB, "webhooks", SECOND_SITE_ID)).toBe(0);
    const { id } = (await (await collect("inquiry", siteKey, inquiryBody({ email: "hook@example.jp" }))).json()) as {
      id: string;
    };
    const created = async () => (await received(path)).filter((m) => JSON.parse(m.body).type === "inquiry.created");
    const deliveries = await eventually(created, (got) => got.length === 1);
    expect(JSON.parse(deliveries[0]!.body).data.inquiry.id).toBe(id);
    expect(await count(env.DB_2, "deliveries", SECOND_SITE_ID)).toBe(1);
  });
});
