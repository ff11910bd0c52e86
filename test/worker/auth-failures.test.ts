import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../shared/members.ts";
import { newApiKey } from "../../worker/lib/keys.ts";
import { AUTH_FAILURE_RATE_LIMIT } from "../../worker/request/rate-limit.ts";
import { appWith, countingD1 } from "./d1-wrappers.ts";
import { makeSite } from "./helpers.ts";

type ErrorBody = { error: { code: string; fields: Record<string, string> } };

const list = (fetchApp: ReturnType<typeof appWith>, ip: string, headers: Record<string, string>) =>
  fetchApp("/v1/inquiries", { headers: { "cf-connecting-ip": ip, ...headers } });

// The simulated binding counts in wall-clock windows of 60 s: up to twice the limit plus one
// request always reaches a refusal (as in collect-abuse.test.ts).
async function untilRefused(send: () => Promise<Response>) {
  for (let i = 0; i <= 2 * AUTH_FAILURE_RATE_LIMIT; i++) {
    const res = await send();
    if (res.status === 429) return { failed: i, refused: res };
    expect(res.status).toBe(401);
  }
  throw new Error("no 429");
}

describe("failed team-API authentications are limited per client address", () => {
  it("well-formed made-up keys: 429 with Retry-After past the limit, then refused without a D1 read", async () => {
    const { apiKey } = await makeSite();
    const { db, counts } = countingD1(env.DB);
    const fetchApp = appWith(db);
    const ip = "198.51.100.201";
    const { failed, refused } = await untilRefused(() =>
      list(fetchApp, ip, { authorization: `Bearer ${newApiKey()}` }),
    );
    expect(failed).toBeGreaterThanOrEqual(AUTH_FAILURE_RATE_LIMIT);
    expect(refused.headers.get("retry-after")).toBe("60");
    const { error } = (await refused.json()) as ErrorBody;
    expect(error.code).toBe("rate_limited");
    expect(error.fields.authorization).toBe(
      `too many failed authentications from this address (at most ${AUTH_FAILURE_RATE_LIMIT} a minute); retry after 60 s`,
    );

    const before = { ...counts };
    for (let i = 0; i < 20; i++) {
      expect((await list(fetchApp, ip, { authorization: `Bearer ${newApiKey()}` })).status).toBe(429);
    }
    // Even the right key waits out the window from that address; no guess reached D1.
    expect((await list(fetchApp, ip, { authorization: `Bearer ${apiKey}` })).status).toBe(429);
    expect(counts).toEqual(before);
    // Another address (another /64 for IPv6) is not affected.
    expect((await list(fetchApp, "198.51.100.202", { authorization: `Bearer ${apiKey}` })).status).toBe(200);
  });

  it("successes do not count", async () => {
    const { apiKey } = await makeSite();
    const fetchApp = appWith(env.DB);
    for (let i = 0; i < 3 * AUTH_FAILURE_RATE_LIMIT; i++) {
      expect((await list(fetchApp, "203.0.113.201", { authorization: `Bearer ${apiKey}` })).status).toBe(200);
    }
  });

  it("guessed session cookies count too, per IPv6 /64", async () => {
    const fetchApp = appWith(env.DB);
    const token = () =>
      btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
        .replace(/[+/=]/g, "A")
        .slice(0, 43);
    let n = 0;
    const { refused } = await untilRefused(() =>
      list(fetchApp, `2001:db8:77:1::${(++n).toString(16)}`, { cookie: `${SESSION_COOKIE}=${token()}` }),
    );
    expect(((await refused.json()) as ErrorBody).error.fields.authorization).toMatch(/too many failed authentications/);
  });

  it("without a credential (a signed-out dashboard) nothing is counted", async () => {
    const fetchApp = appWith(env.DB);
    for (let i = 0; i < 3 * AUTH_FAILURE_RATE_LIMIT; i++) {
      expect((await list(fetchApp, "203.0.113.202", {})).status).toBe(401);
    }
  });
});
