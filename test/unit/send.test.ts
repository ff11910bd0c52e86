import { describe, expect, it } from "vitest";
import { classify, MAX_RETRY_AFTER_MS, retryAfterMs } from "../../widget/loader/send.ts";

describe("classify", () => {
  it("treats 201 and 200 as delivered, with the duplicate flag", () => {
    expect(classify(201, { id: "ld_1", duplicate: false })).toEqual({ ok: true, id: "ld_1", duplicate: false });
    expect(classify(200, { id: "ld_1", duplicate: true })).toEqual({ ok: true, id: "ld_1", duplicate: true });
  });

  it("retries server trouble, timeouts and rate limits", () => {
    for (const status of [500, 502, 503, 408, 429])
      expect(classify(status, null)).toEqual({ ok: false, retry: true, wait: 0 });
    expect(classify(429, null, 5000)).toEqual({ ok: false, retry: true, wait: 5000 });
  });

  it("reads Retry-After in seconds, within bounds", () => {
    expect(retryAfterMs("7")).toBe(7000);
    expect(retryAfterMs("0.5")).toBe(500);
    expect(retryAfterMs("999999")).toBe(MAX_RETRY_AFTER_MS);
    // The HTTP-date form is not read (the collector sends seconds): plain backoff applies.
    for (const other of [null, "", "soon", "-5", new Date().toUTCString()]) expect(retryAfterMs(other)).toBe(0);
  });

  it("gives up on other 4xx and passes the field reasons on", () => {
    const body = { error: { code: "invalid_body", message: "…", fields: { email: "must be an e-mail address" } } };
    expect(classify(400, body)).toStrictEqual({
      ok: false,
      retry: false,
      status: 400,
      refused: false,
      code: "invalid_body",
      message: "…",
      fields: { email: "must be an e-mail address" },
    });
    for (const status of [413, 415])
      expect(classify(status, null)).toMatchObject({ ok: false, retry: false, status, refused: false });
  });

  it("marks a refusal of the site or origin as refused, with the collector's code", () => {
    const body = { error: { code: "origin_not_allowed", message: "Origin x may not post", fields: { origin: "…" } } };
    expect(classify(403, body)).toMatchObject({ ok: false, retry: false, refused: true, code: "origin_not_allowed" });
    for (const status of [401, 403, 404]) expect(classify(status, null)).toMatchObject({ retry: false, refused: true });
  });
});
