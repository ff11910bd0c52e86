import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import { appWith } from "./d1-wrappers.ts";
import { endpointAndBody, headers, target } from "./fuzz-arbitraries.ts";
import { leadBody, makeSite } from "./helpers.ts";

// 1,000 in the suite (seeded, so every run sends the same requests, and reaches every status
// class); `npm run soak` sets HIKIAI_SOAK and runs 100,000 with a fresh seed.
const RUNS = env.HIKIAI_SOAK ? 100_000 : 1_000;
// 2–20 ms a request in workerd on a shared 2-core machine (refusals are counted in D1 since 4544560).
const TIMEOUT_MS = RUNS * 50 + 60_000;

/** Every own property of the built-in prototypes a polluted merge would touch. */
function prototypeSnapshot() {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) =>
    Reflect.ownKeys(proto).map((key) => [String(key), Object.getOwnPropertyDescriptor(proto, key)?.value]),
  );
}

it(
  `${RUNS} generated requests: only 2xx or 4xx with the envelope, never a 5xx; prototypes untouched`,
  async () => {
    const { siteKey } = await makeSite();
    const fetchApp = appWith(env.DB);
    const before = prototypeSnapshot();
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(target, headers, endpointAndBody, async (t, h, [endpoint, body]) => {
        const site = t.site === "valid" ? siteKey : t.site;
        const init: RequestInit = {
          method: t.method,
          headers: Object.fromEntries(
            Object.entries({ ...h.extra, "content-type": h["content-type"], origin: h.origin }).filter(
              ([, v]) => v !== null,
            ),
          ) as Record<string, string>,
          body: t.method === "GET" ? undefined : body,
        };
        const res = await fetchApp(`/v1/collect/${endpoint}?site=${encodeURIComponent(site)}`, init);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status === 204) return; // an answered CORS preflight has no body
        const json = JSON.parse(text);
        if (res.status < 300) {
          expect(json).toEqual({ id: expect.any(String), duplicate: expect.any(Boolean) });
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(json.error.code).toEqual(expect.any(String));
          expect(json.error.message).toEqual(expect.any(String));
          expect(Object.keys(json.error.fields ?? {}).length, text).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, seed: env.HIKIAI_SOAK ? undefined : 20261126 },
    );

    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(RUNS);
    // The generators must reach the write path, not only the validators.
    expect((statuses.get(201) ?? 0) + (statuses.get(200) ?? 0)).toBeGreaterThan(RUNS / 20);
    console.log(
      `fuzz: ${total} requests, statuses ${[...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")}`,
    );
  },
  TIMEOUT_MS,
);

it("a 10,000-character e-mail is refused with a 400 naming the field", async () => {
  const { siteKey } = await makeSite();
  const res = await appWith(env.DB)(`/v1/collect/lead?site=${siteKey}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(leadBody({ email: `${"a.".repeat(4999)}@` })),
  });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.email).toBeDefined();
});
