// POST /v1/form-events as the widget sends it, for the form analytics tests: the beacon's counts
// are in D1 when it returns (the flush runs in the request's waitUntil, which this awaits).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import app from "../../worker/index.ts";
import { ORIGIN } from "./helpers.ts";

/** POSTs a beacon as the widget does (text/plain) with `db` as D1, and waits for its flush. */
export async function beacon(
  siteKey: string,
  body: unknown,
  {
    db = env.DB,
    flushMs = "10",
    headers = {},
  }: { db?: D1Database; flushMs?: string; headers?: Record<string, string> } = {},
) {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(`https://collector.test/v1/form-events?site=${encodeURIComponent(siteKey)}`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: ORIGIN, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { ...env, DB: db, REFUSAL_FLUSH_MS: flushMs },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}
