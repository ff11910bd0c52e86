import type { Site } from "../env.ts";
import { findSiteByKey } from "./sites.ts";

// Every collect request needs its site; caching it per isolate keeps the request to one D1
// round trip (the write batch). The price: enabling, disabling or changing a site's origins
// takes up to this long to reach a running isolate.
const TTL_MS = 60_000;
const cache = new Map<string, { site: Site; expires: number }>();

// Unknown keys are remembered too, for less time, so that a flood of junk keys costs no D1 read
// per request. A site created after its key was tried is served at most this much later.
// Bounded: random keys must not grow the isolate's memory without limit.
const MISSING_TTL_MS = 30_000;
const MAX_MISSING = 10_000;
const missing = new Map<string, number>();

/**
 * The site for a public key, from this isolate's cache when fresh (unknown keys too, briefly).
 * `beforeRead` runs only when D1 must be read (the caller's look-up limit), and may throw.
 * `ttlMs`: how long a site read now is kept (tests that change a site shorten it). `complete`
 * adds, on a read, what the site's own database knows (Site.needsInquiryOutbox), cached with it.
 */
export async function getSite(
  db: D1Database,
  siteKey: string,
  beforeRead?: () => Promise<void>,
  now = Date.now(),
  ttlMs = TTL_MS,
  complete?: (site: Site) => Promise<Site>,
): Promise<Site | null> {
  const hit = cache.get(siteKey);
  if (hit && hit.expires > now) return hit.site;
  const missingUntil = missing.get(siteKey);
  if (missingUntil && missingUntil > now) return null;
  await beforeRead?.();
  const found = await findSiteByKey(db, siteKey);
  const site = found && complete ? await complete(found) : found;
  if (site) {
    cache.set(siteKey, { site, expires: now + ttlMs });
    missing.delete(siteKey);
  } else {
    cache.delete(siteKey);
    if (missing.size >= MAX_MISSING) missing.clear();
    missing.set(siteKey, now + MISSING_TTL_MS);
  }
  return site;
}

/**
 * Drops a site from this isolate's cache, so that a change made through this isolate (a webhook,
 * an auto-reply, notification settings) applies to its next collect request; other isolates
 * read it again within the TTL.
 */
export function forgetSite(siteKey: string): void {
  cache.delete(siteKey);
}
