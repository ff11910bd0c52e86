import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_ORIGINS_PER_DAY, OTHER_ORIGINS, REFUSAL_RETENTION_DAYS } from "../../worker/db/refusals.ts";
import worker from "../../worker/index.ts";
import { COLLECT_RATE_LIMIT } from "../../worker/request/rate-limit.ts";
import { RETENTION_CRON } from "../../worker/scheduled.ts";
import { call, collect, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";

type Refusal = { day: string; origin: string | null; otherOrigins: boolean; code: string; count: number };
type Refusals = { data: Refusal[]; nextCursor: string | null; totals: (Refusal & { summary: string })[] };

const forged = () => `https://${crypto.randomUUID()}.attacker.example`;

/** The site's stored counters (written a moment after the refusals): polls until `total` arrived. */
async function storedCounters(siteId: string, total: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const counters = await rows<{ origin: string; code: string; count: number }>(
      "SELECT origin, code, count FROM refusals WHERE site_id = ?",
      siteId,
    );
    if (counters.reduce((n, r) => n + r.count, 0) >= total || Date.now() > deadline) return counters;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function refusalsPage(apiKey: string, query = "") {
  const res = await call(`/v1/refusals${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Refusals;
}

describe("refusals under a flood of forged Origins", () => {
  it("one address: the rate limit refuses it before its origins are judged, so its origins are not stored one by one", async () => {
    const { siteKey, siteId } = await makeSite();
    const ip = { "cf-connecting-ip": "198.51.100.99" };
    const sent = 2 * COLLECT_RATE_LIMIT + 20;
    const statuses: number[] = [];
    for (let i = 0; i < sent; i++) {
      statuses.push((await collect("lead", siteKey, leadBody(), { ...ip, origin: forged() })).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(sent - 2 * COLLECT_RATE_LIMIT);
    expect(new Set(statuses)).toEqual(new Set([403, 429]));
    const counters = await storedCounters(siteId, sent);
    expect(counters.reduce((n, r) => n + r.count, 0)).toBe(sent);
    // Refused by the limiter: counted, but under "other origins", not under the caller's word.
    const limited = counters.filter((r) => r.code === "rate_limited");
    expect(limited).toEqual([
      { origin: OTHER_ORIGINS, code: "rate_limited", count: statuses.filter((s) => s === 429).length },
    ]);
    expect(new Set(counters.map((r) => r.origin)).size).toBeLessThanOrEqual(MAX_ORIGINS_PER_DAY + 1);
  });

  it(`many addresses: at most ${MAX_ORIGINS_PER_DAY} distinct origins a day are kept, the rest counted as other origins; the site's own origin still gets its row`, async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const extra = 7;
    for (let i = 0; i < MAX_ORIGINS_PER_DAY + extra; i++) {
      const res = await collect("lead", siteKey, leadBody(), {
        origin: forged(),
        "cf-connecting-ip": `203.0.113.${i + 1}`,
      });
      expect(res.status).toBe(403);
    }
    expect((await collect("lead", siteKey, leadBody({ email: "bad" }))).status).toBe(400);
    const counters = await storedCounters(siteId, MAX_ORIGINS_PER_DAY + extra + 1);
    const forgedRows = counters.filter((r) => r.origin.endsWith(".attacker.example"));
    expect(forgedRows).toHaveLength(MAX_ORIGINS_PER_DAY);
    expect(counters.filter((r) => r.origin === OTHER_ORIGINS)).toEqual([
      { origin: OTHER_ORIGINS, code: "origin_not_allowed", count: extra },
    ]);
    expect(counters.filter((r) => r.origin === ORIGIN)).toEqual([{ origin: ORIGIN, code: "invalid_body", count: 1 }]);

    const { totals, data } = await refusalsPage(apiKey);
    const other = totals.find((t) => t.otherOrigins);
    expect(other).toMatchObject({ origin: OTHER_ORIGINS, code: "origin_not_allowed", count: extra });
    expect(other?.summary).toBe(
      `${extra} submissions refused from other origins (past the day's first ${MAX_ORIGINS_PER_DAY}) (origin_not_allowed)`,
    );
    expect(data.filter((r) => r.otherOrigins)).toHaveLength(1);
    expect(data.filter((r) => !r.otherOrigins)).toHaveLength(MAX_ORIGINS_PER_DAY + 1);
  });
});

describe("GET /v1/refusals pages", () => {
  async function seedCounters(siteId: string, days: number, origins: number) {
    const today = Date.now();
    const statements = [];
    for (let d = 0; d < days; d++) {
      const day = new Date(today - d * 86_400_000).toISOString().slice(0, 10);
      for (let o = 0; o < origins; o++) {
        statements.push(
          env.DB.prepare(
            "INSERT INTO refusals (site_id, day, origin, code, count, last_at) VALUES (?, ?, ?, 'origin_not_allowed', ?, ?)",
          ).bind(siteId, day, `https://o${o}.example`, o + 1, today),
        );
      }
    }
    await env.DB.batch(statements);
    return days * origins;
  }

  it("limit and cursor walk every counter once, newest day first; the last page has no cursor", async () => {
    const { siteId, apiKey } = await makeSite();
    const total = await seedCounters(siteId, 3, 7);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Refusals = await refusalsPage(apiKey, `?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.data.length).toBeLessThanOrEqual(5);
      seen.push(...page.data.map((r) => `${r.day}|${r.origin}`));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(total / 5));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(
      [...seen].sort((a, b) => (a.slice(0, 10) === b.slice(0, 10) ? a.localeCompare(b) : b.localeCompare(a))),
    );
  });

  it("without limit a page holds 200; 400 names a bad limit and a cursor that is not ours", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedCounters(siteId, 30, 10);
    const first = await refusalsPage(apiKey);
    expect(first.data).toHaveLength(200);
    expect(first.nextCursor).toEqual(expect.any(String));
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=501", "limit"],
      ["?cursor=bm9wZQ", "cursor"],
    ] as const) {
      const res = await call(`/v1/refusals${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
      expect(Object.keys(error.fields)).toEqual([field]);
    }
    const twice = await call("/v1/refusals?limit=1&limit=2&days=7&days=7", {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(((await twice.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      limit: "is given more than once",
      days: "is given more than once",
    });
  });
});

describe("refusal counters are purged after their retention", () => {
  it(`the daily cron deletes counters older than ${REFUSAL_RETENTION_DAYS} days, every site's, and keeps the rest`, async () => {
    const a = await makeSite();
    const b = await makeSite();
    const now = Date.now();
    const day = (back: number) => new Date(now - back * 86_400_000).toISOString().slice(0, 10);
    const insert = env.DB.prepare(
      "INSERT INTO refusals (site_id, day, origin, code, count, last_at) VALUES (?, ?, '', 'invalid_body', 1, ?)",
    );
    await env.DB.batch(
      [a.siteId, b.siteId].flatMap((site) => [
        insert.bind(site, day(REFUSAL_RETENTION_DAYS), now),
        insert.bind(site, day(REFUSAL_RETENTION_DAYS + 40), now),
        insert.bind(site, day(REFUSAL_RETENTION_DAYS - 1), now),
        insert.bind(site, day(0), now),
      ]),
    );
    await worker.scheduled(
      createScheduledController({ cron: RETENTION_CRON, scheduledTime: now }),
      env,
      createExecutionContext(),
    );
    for (const site of [a.siteId, b.siteId]) {
      const left = await rows<{ day: string }>("SELECT day FROM refusals WHERE site_id = ? ORDER BY day DESC", site);
      expect(left.map((r) => r.day)).toEqual([day(0), day(REFUSAL_RETENTION_DAYS - 1)]);
    }
  });
});
