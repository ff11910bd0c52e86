import { findSiteByKey } from "../db/sites.ts";
import type { Site } from "../env.ts";

// Every collect request needs its site; caching it per isolate keeps the request to one D1
// round trip (the write batch). The price: enabling, disabling or changing a site's origins
// takes up to this long to reach a running isolate.
const TTL_MS = 60_000;
const cache = new Map<string, { site: Site; expires: number }>();

/** The site for a public key, from this isolate's cache when fresh. Unknown keys are not cached. */
export async function getSite(db: D1Database, siteKey: string, now = Date.now()): Promise<Site | null> {
  const hit = cache.get(siteKey);
  if (hit && hit.expires > now) return hit.site;
  const site = await findSiteByKey(db, siteKey);
  if (site) cache.set(siteKey, { site, expires: now + TTL_MS });
  else cache.delete(siteKey);
  return site;
}
