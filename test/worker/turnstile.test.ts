import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { DUMMY_TOKEN, type SiteverifyCall, TEST_KEYS } from "../../scripts/turnstile-standin.ts";
import { updateSite } from "../../worker/db/sites.ts";
import app from "../../worker/index.ts";
import { faultyD1 } from "./d1-wrappers.ts";
import { call, inquiryBody, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";

// The worker against the local Turnstile stand-in (scripts/turnstile-standin.ts), which plays
// Cloudflare's documented test secrets. The siteverify URL is the worker's TURNSTILE_VERIFY_URL,
// set per request here so that one test can also point it at an outage.
const standIn = inject("turnstileUrl");
const VERIFY = `${standIn}/turnstile/v0/siteverify`;

/** A fresh site that uses Turnstile with Cloudflare's test site key and `secret`. */
async function turnstileSite(secret: string) {
  const site = await makeSite();
  await updateSite(env.DB, site.siteId, { turnstile: { siteKey: TEST_KEYS.siteKeys.passes, secret } });
  return site;
}

/** POSTs a submission from the allowed origin, with siteverify at `verifyUrl`. */
async function post(
  kind: "lead" | "inquiry",
  siteKey: string,
  body: unknown,
  options: { verifyUrl?: string; db?: D1Database } = {},
) {
  const ctx = createExecutionContext();
  const request = new Request(`https://collector.test/v1/collect/${kind}?site=${siteKey}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": "203.0.113.7" },
    body: JSON.stringify(body),
  });
  const res = await app.fetch(
    request,
    { ...env, DB: options.db ?? env.DB, TURNSTILE_VERIFY_URL: options.verifyUrl ?? VERIFY },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** The siteverify requests the stand-in received for this token value. */
async function verifyCalls(token: string): Promise<SiteverifyCall[]> {
  const calls = (await (await fetch(`${standIn}/__calls`)).json()) as SiteverifyCall[];
  return calls.filter((c) => c.response === token);
}

const stored = (siteId: string) => rows("SELECT kind, submission_id FROM submissions WHERE site_id = ?", siteId);

/** A refusal with the envelope, naming turnstileToken, readable by the widget (CORS). */
async function expectRefusal(res: Response, status: number, code: string, reason: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
  expect(body.error.code).toBe(code);
  expect(body.error.fields.turnstileToken).toMatch(reason);
}

describe("Turnstile on the collect endpoints", () => {
  it("stores a submission whose token siteverify accepts, asking with the site's secret, the visitor's IP and an idempotency key", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.passes);
    const token = `${DUMMY_TOKEN}.${crypto.randomUUID()}`;
    const res = await post("lead", siteKey, leadBody({ turnstileToken: token }));
    expect(res.status).toBe(201);
    const [verified, ...more] = await verifyCalls(token);
    expect(more).toEqual([]);
    expect(verified).toMatchObject({ secret: TEST_KEYS.secrets.passes, remoteip: "203.0.113.7", success: true });
    expect(verified?.idempotency_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await stored(siteId)).toHaveLength(1);
  });

  it("refuses a submission without a token (403 turnstile_failed) without asking siteverify", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.passes);
    const before = ((await (await fetch(`${standIn}/__calls`)).json()) as unknown[]).length;
    await expectRefusal(await post("inquiry", siteKey, inquiryBody()), 403, "turnstile_failed", /is required/);
    expect(((await (await fetch(`${standIn}/__calls`)).json()) as unknown[]).length).toBe(before);
    expect(await stored(siteId)).toEqual([]);
  });

  it("refuses a token siteverify rejects (test secret 2x…: invalid) and stores nothing", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.fails);
    const res = await post("lead", siteKey, leadBody({ turnstileToken: DUMMY_TOKEN }));
    await expectRefusal(res, 403, "turnstile_failed", /is not valid: solve the challenge again/);
    expect(await stored(siteId)).toEqual([]);
  });

  it("refuses a spent token (test secret 3x…: timeout-or-duplicate) and stores nothing", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.spent);
    const res = await post("inquiry", siteKey, inquiryBody({ turnstileToken: DUMMY_TOKEN }));
    await expectRefusal(res, 403, "turnstile_failed", /expired or was already used/);
    expect(await stored(siteId)).toEqual([]);
  });

  it("fails closed when siteverify is down, answers an error or rejects the site's secret (503 turnstile_unavailable)", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.passes);
    // Nothing listens on port 1; the stand-in's /status/500/ plays an outage.
    for (const verifyUrl of ["http://127.0.0.1:1/siteverify", `${standIn}/status/500/turnstile/v0/siteverify`]) {
      const res = await post("lead", siteKey, leadBody({ turnstileToken: DUMMY_TOKEN }), { verifyUrl });
      await expectRefusal(res, 503, "turnstile_unavailable", /could not be verified right now/);
    }
    const misconfigured = await makeSite();
    await updateSite(env.DB, misconfigured.siteId, {
      turnstile: { siteKey: TEST_KEYS.siteKeys.passes, secret: "0x4AAAAAAAnot-a-real-secret" },
    });
    const res = await post("lead", misconfigured.siteKey, leadBody({ turnstileToken: DUMMY_TOKEN }));
    await expectRefusal(res, 503, "turnstile_unavailable", /could not be verified right now/);
    expect([...(await stored(siteId)), ...(await stored(misconfigured.siteId))]).toEqual([]);
  });

  it("answers a retry of a stored submission 200 duplicate without verifying again, even with siteverify down", async () => {
    const { siteKey } = await turnstileSite(TEST_KEYS.secrets.passes);
    const token = `${DUMMY_TOKEN}.${crypto.randomUUID()}`;
    const body = inquiryBody({ turnstileToken: token });
    const first = await post("inquiry", siteKey, body);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    // The response was lost; the outbox retries the same body (its token now spent or expired).
    for (const verifyUrl of [VERIFY, "http://127.0.0.1:1/siteverify"]) {
      const retry = await post("inquiry", siteKey, body, { verifyUrl });
      expect(retry.status).toBe(200);
      expect(await retry.json()).toEqual({ id, duplicate: true });
    }
    expect(await verifyCalls(token)).toHaveLength(1);
    // The same id with another body is still a 422, not a way around the challenge.
    const other = await post("inquiry", siteKey, { ...body, message: "別の内容", turnstileToken: undefined });
    expect(other.status).toBe(422);
  });

  it("verifies a retry of a submission that was not stored with the same idempotency key, so its token still passes", async () => {
    const { siteKey, siteId } = await turnstileSite(TEST_KEYS.secrets.passes);
    const token = `${DUMMY_TOKEN}.${crypto.randomUUID()}`;
    const body = leadBody({ turnstileToken: token });
    // D1 fails before the commit after the token was verified: nothing stored, 500.
    const { db } = faultyD1(env.DB, 1, () => 0);
    expect((await post("lead", siteKey, body, { db })).status).toBe(500);
    expect(await stored(siteId)).toEqual([]);
    expect((await post("lead", siteKey, body)).status).toBe(201);
    const calls = await verifyCalls(token);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.idempotency_key).toBe(calls[0]?.idempotency_key);
  });

  it("verifies a new token for the same submission afresh (a new idempotency key), not answered the first refusal", async () => {
    // The widget's resume: the first token was refused (expired on the way), the visitor solved a
    // new challenge, and the submission goes again under its id with the new token.
    const { siteKey } = await turnstileSite(TEST_KEYS.secrets.spent);
    const submissionId = crypto.randomUUID();
    const [first, second] = [1, 2].map(() => `${DUMMY_TOKEN}.${crypto.randomUUID()}`);
    for (const token of [first, second]) {
      expect((await post("inquiry", siteKey, inquiryBody({ submissionId, turnstileToken: token }))).status).toBe(403);
    }
    const [a] = await verifyCalls(first!);
    const [b] = await verifyCalls(second!);
    expect(a?.idempotency_key).toBeTruthy();
    expect(b?.idempotency_key).toBeTruthy();
    expect(b?.idempotency_key).not.toBe(a?.idempotency_key);
  });

  it("gives a lead and an inquiry with the same submission id different idempotency keys (one token, one submission)", async () => {
    const { siteKey } = await turnstileSite(TEST_KEYS.secrets.passes);
    const token = `${DUMMY_TOKEN}.${crypto.randomUUID()}`;
    const submissionId = crypto.randomUUID();
    await post("lead", siteKey, leadBody({ submissionId, turnstileToken: token }));
    await post("inquiry", siteKey, inquiryBody({ submissionId, turnstileToken: token }));
    const [lead, inquiry] = await verifyCalls(token);
    expect(lead?.idempotency_key).toBeTruthy();
    expect(inquiry?.idempotency_key).not.toBe(lead?.idempotency_key);
  });

  it("never asks siteverify for a site without Turnstile, even when a token is sent", async () => {
    const { siteKey } = await makeSite();
    const token = `${DUMMY_TOKEN}.${crypto.randomUUID()}`;
    expect((await post("lead", siteKey, leadBody({ turnstileToken: token }))).status).toBe(201);
    expect(await verifyCalls(token)).toEqual([]);
  });
});

describe("GET /v1/widget-config", () => {
  const config = (siteKey: string, origin = ORIGIN) =>
    call(`/v1/widget-config?site=${encodeURIComponent(siteKey)}`, { headers: { origin } });

  it("tells the widget a site's Turnstile site key and script, never its secret, with CORS and a short cache", async () => {
    const { siteKey } = await turnstileSite(TEST_KEYS.secrets.passes);
    const res = await config(siteKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    const text = await res.text();
    expect(text).not.toContain(TEST_KEYS.secrets.passes);
    expect(JSON.parse(text)).toEqual({
      turnstile: {
        siteKey: TEST_KEYS.siteKeys.passes,
        scriptUrl: "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit",
      },
      formAnalytics: true,
    });
  });

  it("answers turnstile: null for a site without it", async () => {
    const { siteKey } = await makeSite();
    const res = await config(siteKey);
    expect(await res.json()).toEqual({ turnstile: null, formAnalytics: true });
  });

  it("refuses another origin and an unknown key with the envelope and CORS", async () => {
    const { siteKey } = await makeSite();
    const foreign = await config(siteKey, "https://evil.example");
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBe("https://evil.example");
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
    const unknown = await config("site_unknown0000000000");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { fields: object } }).error.fields).toEqual({
      site: "no site has this key",
    });
  });
});
