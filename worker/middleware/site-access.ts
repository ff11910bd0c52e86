import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { databaseFor, directoryDatabase } from "../db/handle.ts";
import { withOutboxNeeds } from "../db/outbox-needs.ts";
import { getSite } from "../db/site-cache.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";
import { limitSiteLookups } from "../request/rate-limit.ts";
import { isOriginAllowed, useSite } from "../request/use-site.ts";

/**
 * Resolves the site from `?site=KEY`. The key is in the URL, not the body, so that a request is
 * refused (or rate limited) before its body is read.
 */
export const resolveSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  const siteKey = c.req.query("site");
  if (!siteKey) {
    throw new ApiError(400, "invalid_query", "Name the site: ?site=SITE_KEY.", { site: "is required" });
  }
  // A key this isolate has not cached costs a D1 read: counted per client address first, so that a
  // flood of made-up keys is refused (429) before it reaches D1.
  const ttl = Number(c.env.SITE_CACHE_TTL_MS) || undefined;
  const site = await getSite(
    directoryDatabase(c.env),
    siteKey,
    () => limitSiteLookups(c),
    Date.now(),
    ttl,
    (found) => withOutboxNeeds(databaseFor(c.env, found.id), found),
  );
  if (!site) throw new ApiError(404, "unknown_site", "No site has this key.", { site: "no site has this key" });
  // Known from here on, even if refused below: refusals are counted per site.
  useSite(c, site);
  await next();
};
const SITE_PARAMETER = {
  site: { description: "The site's public key (as in the script tag).", required: true },
};
withDoc(resolveSite, { queryParameters: SITE_PARAMETER, errors: [400, 404, 429] });

/** Refuses a disabled site (403) and a browser origin the site does not list (403). After resolveSite. */
export const checkSiteOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const site = c.var.site;
  if (site.disabled) throw new ApiError(403, "site_disabled", "This site is disabled.", { site: "is disabled" });
  const origin = c.req.header("origin");
  if (!isOriginAllowed(site, origin)) {
    throw new ApiError(403, "origin_not_allowed", `Origin ${origin} may not post to this site.`, {
      origin: `${origin} is not an allowed origin of this site`,
    });
  }
  await next();
};
withDoc(checkSiteOrigin, { errors: [403] });

/** The site from `?site=KEY` (404/400), enabled (403), and the caller's origin allowed (403). */
export const siteAccess = every(resolveSite, checkSiteOrigin);
withDoc(siteAccess, { queryParameters: SITE_PARAMETER, errors: [400, 403, 404, 429] });
