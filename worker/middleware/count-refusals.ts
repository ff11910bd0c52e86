import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { countRefusal } from "../lib/refusal-counter.ts";

/** How long a refusal waits in memory before its batch is written (see lib/refusal-counter.ts). */
const FLUSH_AFTER_MS = 1000;

/** Counts a collect request for the team API (`GET /v1/refusals`) under `code`. */
export function countCollectRefusal(c: Context<AppEnv>, code: string) {
  const flushAfter = Number(c.env.REFUSAL_FLUSH_MS ?? FLUSH_AFTER_MS);
  countRefusal(
    c.env.DB,
    (work) => c.executionCtx.waitUntil(work),
    { siteId: c.get("site")?.id ?? null, siteKey: c.req.query("site"), origin: c.req.header("origin"), code },
    flushAfter,
  );
}

/**
 * Counts every refused collect request (any 4xx) per site, origin and day, so that an owner
 * sees "37 submissions refused from https://www.acme.example" instead of silence. 5xx are ours,
 * not refusals, and are not counted.
 */
export const countRefusals: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method !== "POST" || c.res.status < 400 || c.res.status >= 500) return;
  countCollectRefusal(c, c.error instanceof ApiError ? c.error.code : String(c.res.status));
};
