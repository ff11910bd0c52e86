import { describe, expect, it } from "vitest";
import { call, collect, inquiryBody, leadBody, makeSite, ORIGIN } from "./helpers.ts";

const FOREIGN = "https://www.acme.example";

type Refusals = {
  nextCursor: string | null;
  data: { day: string; origin: string | null; code: string; bot: boolean; count: number; lastAt: string }[];
  totals: { origin: string | null; code: string; count: number; bot: boolean; summary: string }[];
};

const getRefusals = async (apiKey: string) => {
  const res = await call("/v1/refusals", { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Refusals;
};

/** Counts are written a moment after the refusal (batched per isolate): poll until they arrive. */
async function refusalsWhen(apiKey: string, ready: (r: Refusals) => boolean): Promise<Refusals> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const r = await getRefusals(apiKey);
    if (ready(r) || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A refusal the widget can read: CORS headers for the caller, the envelope, and the field. */
async function expectReadableRefusal(res: Response, status: number, code: string, origin: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("access-control-allow-origin")).toBe(origin);
  expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
  expect(error.code).toBe(code);
  expect(Object.keys(error.fields).length).toBeGreaterThan(0);
}

describe("collect: every refusal carries CORS headers", () => {
  it("preflight is answered for an unknown site and a foreign origin", async () => {
    for (const [site, origin] of [
      ["site_unknown", ORIGIN],
      ["site_unknown", FOREIGN],
    ]) {
      const res = await call(`/v1/collect/lead?site=${site}`, {
        method: "OPTIONS",
        headers: {
          origin: origin!,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    }
  });

  it("403 origin_not_allowed", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, leadBody(), { origin: FOREIGN });
    await expectReadableRefusal(res, 403, "origin_not_allowed", FOREIGN);
  });

  it("403 site_disabled", async () => {
    const { siteKey } = await makeSite({ disabled: true });
    await expectReadableRefusal(await collect("inquiry", siteKey, inquiryBody()), 403, "site_disabled", ORIGIN);
  });

  it("404 unknown_site and 400 for a missing site key", async () => {
    await expectReadableRefusal(await collect("lead", "site_nope", leadBody()), 404, "unknown_site", ORIGIN);
    const res = await call("/v1/collect/lead", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify(leadBody()),
    });
    await expectReadableRefusal(res, 400, "invalid_query", ORIGIN);
  });

  it("400 invalid body, 413, 415", async () => {
    const { siteKey } = await makeSite();
    await expectReadableRefusal(await collect("lead", siteKey, leadBody({ email: "x" })), 400, "invalid_body", ORIGIN);
    await expectReadableRefusal(await collect("lead", siteKey, "{"), 400, "invalid_json", ORIGIN);
    const big = inquiryBody({ kind: "quote", message: "あ".repeat(23000) });
    await expectReadableRefusal(await collect("inquiry", siteKey, big), 413, "payload_too_large", ORIGIN);
    const form = await collect("lead", siteKey, "a=b", { "content-type": "text/plain" });
    await expectReadableRefusal(form, 415, "unsupported_media_type", ORIGIN);
  });

  it("an answer to a request without Origin (curl, servers) carries no CORS headers", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, leadBody(), { origin: "" });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("GET /v1/refusals: refused submissions per site, origin and day", () => {
  it("counts refusals per origin and code and says so in a sentence", async () => {
    const { siteKey, apiKey } = await makeSite();
    const refused = await Promise.all(
      Array.from({ length: 37 }, () => collect("inquiry", siteKey, inquiryBody(), { origin: FOREIGN })),
    );
    expect(refused.every((r) => r.status === 403)).toBe(true);
    expect((await collect("lead", siteKey, leadBody({ email: "bad" }))).status).toBe(400);
    expect((await collect("lead", siteKey, leadBody())).status).toBe(201); // not a refusal

    const r = await refusalsWhen(apiKey, (x) => x.totals.reduce((n, t) => n + t.count, 0) >= 38);
    const today = new Date().toISOString().slice(0, 10);
    const counter = { day: today, otherOrigins: false, bot: false, lastAt: expect.any(String) };
    expect(r.data).toEqual([
      { ...counter, origin: ORIGIN, code: "invalid_body", count: 1 },
      { ...counter, origin: FOREIGN, code: "origin_not_allowed", count: 37 },
    ]);
    expect(r.nextCursor).toBeNull();
    expect(r.totals[0]).toMatchObject({ origin: FOREIGN, count: 37 });
    expect(r.totals[0]?.summary).toBe(`37 submissions refused from ${FOREIGN} (origin_not_allowed)`);
  });

  it("counts a disabled site's refusals, and only its own key sees them", async () => {
    const disabled = await makeSite({ disabled: true });
    const other = await makeSite();
    await collect("lead", disabled.siteKey, leadBody());
    const r = await refusalsWhen(disabled.apiKey, (x) => x.data.length > 0);
    expect(r.data).toMatchObject([{ origin: ORIGIN, code: "site_disabled", count: 1 }]);
    expect((await getRefusals(other.apiKey)).data).toEqual([]);
  });

  it("needs an API key", async () => {
    const res = await call("/v1/refusals");
    expect(res.status).toBe(401);
  });

  it("400 names a bad days parameter", async () => {
    const { apiKey } = await makeSite();
    const res = await call("/v1/refusals?days=0", { headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.days).toBeTruthy();
  });
});
