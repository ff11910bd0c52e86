import { describe, expect, it } from "vitest";
import { COLLECT_RATE_LIMIT, SITE_LOOKUP_RATE_LIMIT } from "../../worker/request/rate-limit.ts";
import { call, collect, inquiryBody, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";

type ErrorBody = { error: { code: string; fields: Record<string, string> } };

// The simulated binding counts in wall-clock windows of 60 s, so a run may straddle a window's
// end: sending up to twice the limit plus one always reaches a refusal (one window holds more
// than the limit), and the first refusal comes after at least the limit and at most twice it.
async function untilRefused(send: (i: number) => Promise<Response>, limit: number) {
  for (let i = 0; i <= 2 * limit; i++) {
    const res = await send(i);
    if (res.status === 429) return { passed: i, refused: res };
  }
  throw new Error(`no 429 after ${2 * limit + 1} requests`);
}

describe("rate limit per site and client address (Workers Rate Limiting binding, simulated by miniflare)", () => {
  it("past the limit: 429 rate_limited with Retry-After, CORS and the envelope, nothing stored", async () => {
    const { siteKey, siteId } = await makeSite();
    const ip = { "cf-connecting-ip": "198.51.100.23" };
    const { passed, refused } = await untilRefused(async (i) => {
      const res = await collect("lead", siteKey, leadBody({ email: `r${i}@example.jp` }), ip);
      if (res.status !== 429) expect(res.status).toBe(201);
      return res;
    }, COLLECT_RATE_LIMIT);
    expect(passed).toBeGreaterThanOrEqual(COLLECT_RATE_LIMIT);
    expect(passed).toBeLessThanOrEqual(2 * COLLECT_RATE_LIMIT);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(refused.headers.get("access-control-expose-headers")).toContain("Retry-After");
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).toBe("rate_limited");
    expect(error.fields.site).toMatch(/at most 20 submissions a minute from one address; retry after 60 s/);
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toHaveLength(passed);

    // Per address and per site: another visitor of the site, and the same one on another site, go on.
    const other = await collect("lead", siteKey, leadBody(), { "cf-connecting-ip": "198.51.100.24" });
    expect(other.status).toBe(201);
    const elsewhere = await makeSite();
    expect((await collect("inquiry", elsewhere.siteKey, inquiryBody(), ip)).status).toBe(201);
  });

  it("IPv6: a new address from the same /64 for every request shares one allowance; another /64 has its own", async () => {
    const { siteKey } = await makeSite();
    const { passed, refused } = await untilRefused(async (i) => {
      const ip = {
        "cf-connecting-ip": `2001:db8:42:7:${(i + 1).toString(16)}:${crypto.getRandomValues(new Uint16Array(1))[0]!.toString(16)}::1`,
      };
      const res = await collect("lead", siteKey, leadBody({ email: `v6-${i}@example.jp` }), ip);
      if (res.status !== 429) expect(res.status).toBe(201);
      return res;
    }, COLLECT_RATE_LIMIT);
    expect(passed).toBeGreaterThanOrEqual(COLLECT_RATE_LIMIT);
    expect(passed).toBeLessThanOrEqual(2 * COLLECT_RATE_LIMIT);
    expect(((await refused.json()) as ErrorBody).error.code).toBe("rate_limited");
    const neighbour = await collect("lead", siteKey, leadBody({ email: "next@example.jp" }), {
      "cf-connecting-ip": "2001:db8:42:8::1",
    });
    expect(neighbour.status).toBe(201);
  });

  it("IPv4: addresses are counted one by one (a neighbour in the same /24 is not refused)", async () => {
    const { siteKey } = await makeSite();
    await untilRefused(
      (i) =>
        collect("lead", siteKey, leadBody({ email: `v4-${i}@example.jp` }), { "cf-connecting-ip": "203.0.113.77" }),
      COLLECT_RATE_LIMIT,
    );
    const neighbour = await collect("lead", siteKey, leadBody(), { "cf-connecting-ip": "203.0.113.78" });
    expect(neighbour.status).toBe(201);
  });

  it("made-up site keys cost a limiter call, not a D1 read, once an address looked up too many", async () => {
    const ip = { "cf-connecting-ip": "2001:db8::7" };
    const { passed, refused } = await untilRefused(async (i) => {
      const res = await collect("lead", `site_madeup_${i}_${crypto.randomUUID()}`, leadBody(), ip);
      if (res.status !== 429) expect(res.status).toBe(404);
      return res;
    }, SITE_LOOKUP_RATE_LIMIT);
    expect(passed).toBeGreaterThanOrEqual(SITE_LOOKUP_RATE_LIMIT);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).toBe("rate_limited");
    expect(error.fields.site).toMatch(/too many site keys looked up/);
    // A site this isolate has cached costs no look-up, so its visitors from that address go on.
    const { siteKey } = await makeSite();
    const known = await collect("lead", siteKey, leadBody());
    expect(known.status).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ resourceId: "price-list" }), ip)).status).toBe(201);
  });
});

describe("honeypot and minimum fill time: a bot gets a normal-looking success, nothing is stored", () => {
  type Refusals = { data: { code: string; bot: boolean; count: number }[] };
  async function botCounts(apiKey: string, want: number): Promise<Refusals["data"]> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const res = await call("/v1/refusals", { headers: { authorization: `Bearer ${apiKey}` } });
      const { data } = (await res.json()) as Refusals;
      const bots = data.filter((r) => r.bot);
      if (bots.reduce((n, r) => n + r.count, 0) >= want || Date.now() > deadline) return bots;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("a filled honeypot or a form sent in under 1.5 s: 201 like a real one, no row, no notification, counted", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const real = await collect("inquiry", siteKey, inquiryBody({ fillMs: 8000, hp: "" }));
    const honeypot = await collect("inquiry", siteKey, inquiryBody({ hp: "http://spam.example" }));
    const fast = await collect("lead", siteKey, leadBody({ fillMs: 300 }), { "cf-connecting-ip": "203.0.113.50" });
    for (const res of [real, honeypot, fast]) {
      expect(res.status).toBe(201);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(await res.json()).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), duplicate: false });
    }
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(1);
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toHaveLength(0);
    expect(await rows("SELECT kind FROM submissions WHERE site_id = ?", siteId)).toEqual([{ kind: "inquiry" }]);
    expect(await rows("SELECT id FROM notifications WHERE site_id = ?", siteId)).toHaveLength(0);
    const bots = await botCounts(apiKey, 2);
    expect(bots.map((r) => [r.code, r.count]).sort()).toEqual([
      ["honeypot", 1],
      ["too_fast", 1],
    ]);
  });

  it("no fillMs (curl, a server-side integration) is accepted; exactly 1.5 s is a person", async () => {
    const { siteKey, siteId } = await makeSite();
    const visitor = { "cf-connecting-ip": "203.0.113.51" };
    expect((await collect("lead", siteKey, leadBody(), visitor)).status).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ resourceId: "b", fillMs: 1500 }), visitor)).status).toBe(201);
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toHaveLength(2);
  });

  it("from the machine itself (local runs, browser tests) fill time is not judged; the honeypot is", async () => {
    const { siteKey, siteId } = await makeSite();
    expect((await collect("lead", siteKey, leadBody({ fillMs: 200 }))).status).toBe(201);
    expect(
      (await collect("lead", siteKey, leadBody({ resourceId: "b", fillMs: 200 }), { "cf-connecting-ip": "::1" }))
        .status,
    ).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ resourceId: "c", hp: "x" }))).status).toBe(201);
    expect(await rows("SELECT resource_id FROM leads WHERE site_id = ? ORDER BY resource_id", siteId)).toEqual([
      { resource_id: "b" },
      { resource_id: "whitepaper-2026" },
    ]);
  });
});
