import { Hono } from "hono";
import { cors } from "hono/cors";
import { FormBeaconSchema } from "../../shared/form-analytics.ts";
import { countFormEvents } from "../db/form-counter.ts";
import { databaseFor } from "../db/handle.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { formPageKey } from "../lib/form-page.ts";
import { formatLocalDate, localDateAt } from "../lib/zoned-time.ts";
import { countRefusals } from "../middleware/count-refusals.ts";
import { beaconBody } from "../middleware/json-body.ts";
import { rateLimitBeacons } from "../middleware/rate-limit.ts";
import { checkSiteOrigin, resolveSite } from "../middleware/site-access.ts";
import { describeRoute } from "../openapi/describe.ts";
import { validateParsedJson } from "../openapi/validate.ts";
import { COUNTER_FLUSH_MS } from "../request/count-refusal.ts";
import { isOriginAllowed } from "../request/use-site.ts";

/**
 * POST /v1/form-events?site=KEY: the widget's form analytics beacon (docs/analytics.md). Public
 * like collect, with the same site key, rate limit (a budget of its own), origin check and
 * refusal counting, and nothing else in common: it never touches the collect path's tables, and
 * its counts are added in memory and written a second later (db/form-counter.ts).
 */
export const formEvents = new Hono<AppEnv>();

formEvents.use(
  "*",
  // A beacon is sent as text/plain (no preflight); the preflight is answered for a caller that
  // sends JSON. The widget never reads the answer.
  cors({ origin: (origin) => origin || null, allowMethods: ["POST"], allowHeaders: ["Content-Type"], maxAge: 7200 }),
  countRefusals,
  resolveSite,
  rateLimitBeacons,
  checkSiteOrigin,
);

formEvents.post(
  "/",
  describeRoute({
    summary: "Count form views, starts, submit attempts, field errors and abandons (the widget's beacon)",
    description:
      "Counts only, no identifier. Added to per-site, form, page and day counters about a second later. A site with form analytics off answers 204 and counts nothing.",
    tags: ["collect"],
    responses: { 204: { description: "Counted (or discarded: the site's form analytics are off)." } },
  }),
  beaconBody,
  validateParsedJson(FormBeaconSchema),
  (c) => {
    const site = c.var.site;
    if (!site.formAnalytics) return c.body(null, 204);
    const beacon = c.req.valid("json");
    const url = new URL(beacon.page);
    const origin = c.req.header("origin");
    if (origin && url.origin !== origin) {
      throw new ApiError(400, "invalid_body", "The request body is not valid.", {
        page: `must be a page of the requesting origin ${origin}`,
      });
    }
    // A request without Origin is no browser's (a beacon always has one): it may still only
    // count pages of the site's own origins, or anyone could fill its stats with other sites' pages.
    if (!isOriginAllowed(site, url.origin)) {
      throw new ApiError(400, "invalid_body", "The request body is not valid.", {
        page: `must be a page of one of the site's origins, not ${url.origin}`,
      });
    }
    const now = Date.now();
    countFormEvents(
      (siteId) => databaseFor(c.env, siteId),
      (work) => c.executionCtx.waitUntil(work),
      { siteId: site.id, day: formatLocalDate(localDateAt(site.timeZone, now)), page: formPageKey(url) },
      beacon.forms,
      Number(c.env.REFUSAL_FLUSH_MS ?? COUNTER_FLUSH_MS),
    );
    return c.body(null, 204);
  },
);
