import type { Context } from "hono";
import { databaseFor } from "../db/handle.ts";
import { countRefusal } from "../db/refusal-counter.ts";
import { OTHER_ORIGINS } from "../db/refusals.ts";
import type { AppEnv, Site } from "../env.ts";
import { isOriginAllowed } from "./use-site.ts";

/** How long a counted refusal (or beacon) waits in memory before its batch is written (lib/pending-counts.ts). */
export const COUNTER_FLUSH_MS = 1000;

/** Counts a collect request for the team API (`GET /v1/refusals`) under `code`. */
export function countCollectRefusal(c: Context<AppEnv>, code: string) {
  const flushAfter = Number(c.env.REFUSAL_FLUSH_MS ?? COUNTER_FLUSH_MS);
  countRefusal(
    (siteId) => databaseFor(c.env, siteId),
    (work) => c.executionCtx.waitUntil(work),
    { siteId: c.get("site")?.id ?? null, siteKey: c.req.query("site"), ...originOf(c.get("site"), c, code), code },
    flushAfter,
  );
}

/**
 * Under which origin a refusal is counted. The Origin header is the caller's word, so an origin
 * the site does not list is kept apart only once it was judged (origin_not_allowed) or the site
 * takes any origin, and then within the per-day cap of db/refusals.ts; a request refused before
 * the origin check (the rate limit, a disabled site) from such an origin goes to "other origins".
 */
function originOf(site: Site | undefined, c: Context<AppEnv>, code: string) {
  const origin = c.req.header("origin") ?? "";
  if (!origin || !site || site.allowedOrigins.includes(origin)) return { origin, capped: false };
  if (code === "origin_not_allowed" || isOriginAllowed(site, origin)) return { origin, capped: true };
  return { origin: OTHER_ORIGINS, capped: false };
}
