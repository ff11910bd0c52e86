import { describe, expect, it } from "vitest";
import { call, collect, inquiryBody, leadBody, makeSite, ORIGIN } from "./helpers.ts";

/** Every 4xx carries our envelope, naming the field and the reason. */
async function expectError(res: Response, status: number, code: string, field: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; fields: Record<string, string> } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.fields[field]).toEqual(expect.any(String));
  return body.error;
}

describe("collect: bad input", () => {
  it("400 names each bad field and why", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("inquiry", siteKey, inquiryBody({ email: "not-an-email", kind: "quote", message: "  " }));
    const error = await expectError(res, 400, "invalid_body", "email");
    expect(error.fields).toEqual({ email: "must be an e-mail address", message: "is required" });
  });

  it("400 for missing fields and a bad nested field", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, { email: "a@b.jp", context: { pageUrl: "not a url" } });
    const error = await expectError(res, 400, "invalid_body", "submissionId");
    expect(error.fields).toMatchObject({
      submissionId: "is required",
      resourceId: "is required",
      "context.pageUrl": "must be an absolute URL",
    });
  });

  it("400 for an unknown inquiry kind", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("inquiry", siteKey, inquiryBody({ kind: "newsletter" }));
    await expectError(res, 400, "invalid_body", "kind");
  });

  it("never answers bad input with a 500", async () => {
    const { siteKey } = await makeSite();
    const bodies = [
      "null",
      "[]",
      "42",
      '"text"',
      "{}",
      JSON.stringify(inquiryBody({ context: "https://x.example" })),
      JSON.stringify(inquiryBody({ context: { pageUrl: 7, utm: [] } })),
      JSON.stringify(inquiryBody({ email: ["a@b.jp"], name: { first: "太郎" } })),
      JSON.stringify(leadBody({ submissionId: "not-a-uuid", resourceId: "" })),
      JSON.stringify(inquiryBody({ kind: null, message: 12 })),
    ];
    for (const body of bodies) {
      for (const kind of ["lead", "inquiry"] as const) {
        const res = await collect(kind, siteKey, body);
        expect(res.status, `${kind} ${body}`).toBe(400);
        const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
        expect(Object.keys(error.fields).length, `${kind} ${body}`).toBeGreaterThan(0);
      }
    }
  });

  it("400 invalid_json for a malformed body", async () => {
    const { siteKey } = await makeSite();
    await expectError(await collect("lead", siteKey, '{"email": '), 400, "invalid_json", "body");
  });

  it("400 when the site key is missing", async () => {
    const res = await call("/v1/collect/lead", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(leadBody()),
    });
    await expectError(res, 400, "invalid_query", "site");
  });

  it("404 for an unknown site key", async () => {
    await expectError(await collect("lead", "site_nope", leadBody()), 404, "unknown_site", "site");
  });

  it("403 for a disabled site", async () => {
    const { siteKey } = await makeSite({ disabled: true });
    await expectError(await collect("inquiry", siteKey, inquiryBody()), 403, "site_disabled", "site");
  });

  it("403 for an origin not on the site's list", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, leadBody(), { origin: "https://evil.example" });
    await expectError(res, 403, "origin_not_allowed", "origin");
  });

  it("413 for a body over 32 KB", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("inquiry", siteKey, inquiryBody({ kind: "quote", message: "あ".repeat(12000) }));
    await expectError(res, 413, "payload_too_large", "body");
  });

  it("415 for a body that is not JSON", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, "email=a@b.jp", { "content-type": "application/x-www-form-urlencoded" });
    await expectError(res, 415, "unsupported_media_type", "content-type");
  });

  it("404 with the envelope for an unknown route", async () => {
    await expectError(await call("/v1/nothing"), 404, "not_found", "path");
  });

  it("errors to an allowed origin carry CORS headers so the widget can read them", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("lead", siteKey, leadBody({ email: "x" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("collect: CORS preflight", () => {
  const preflight = (siteKey: string, origin: string) =>
    call(`/v1/collect/inquiry?site=${siteKey}`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });

  it("is answered for an allowed origin", async () => {
    const { siteKey } = await makeSite();
    const res = await preflight(siteKey, ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("answers with the whole set of CORS headers, and every POST answer names its origin", async () => {
    const { siteKey } = await makeSite();
    const res = await preflight(siteKey, ORIGIN);
    expect(Object.fromEntries([...res.headers].filter(([name]) => /^(access-control-|vary$)/.test(name)))).toEqual({
      "access-control-allow-origin": ORIGIN,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "Content-Type",
      "access-control-expose-headers": "Retry-After",
      "access-control-max-age": "7200",
      vary: "Origin, Access-Control-Request-Headers",
    });
    for (const body of [inquiryBody(), inquiryBody({ email: "x" })]) {
      const answer = await collect("inquiry", siteKey, body);
      expect([201, 400]).toContain(answer.status);
      expect(answer.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(answer.headers.get("access-control-expose-headers")).toBe("Retry-After");
      expect(answer.headers.get("vary")).toBe("Origin");
    }
  });

  it("is answered for any other origin too, so that the refused POST can be read", async () => {
    const { siteKey } = await makeSite();
    const res = await preflight(siteKey, "https://evil.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://evil.example");
  });
});
