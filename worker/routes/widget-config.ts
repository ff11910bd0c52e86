import { Hono } from "hono";
import { cors } from "hono/cors";
import { type WidgetConfig, WidgetConfigSchema } from "../../shared/api.ts";
import type { AppEnv } from "../env.ts";
import { siteAccess } from "../middleware/site-access.ts";
import { describeRoute } from "../openapi/describe.ts";

/** Cloudflare's script, loaded with explicit rendering; TURNSTILE_SCRIPT_URL replaces it in tests. */
const TURNSTILE_SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

/**
 * GET /v1/widget-config?site=KEY: the site's public settings the widget needs (today: Turnstile's
 * site key), fetched by the forms chunk when it loads. Public like the collect endpoints, with
 * CORS on every answer; no secret ever leaves the collector.
 */
export const widgetConfig = new Hono<AppEnv>();

widgetConfig.use("*", cors({ origin: (origin) => origin || null, allowMethods: ["GET"], maxAge: 7200 }), siteAccess);

widgetConfig.get(
  "/",
  describeRoute({
    summary: "A site's public widget settings (Turnstile and its public site key, form analytics on or off)",
    tags: ["widget"],
    responses: { 200: { description: "Cached one minute.", schema: WidgetConfigSchema } },
  }),
  (c) => {
    const { turnstile, formAnalytics } = c.var.site;
    // A minute, as long as the collector's own site cache: turning Turnstile on reaches a
    // visitor's next page view within about two minutes. Vary: the CORS answer names the origin.
    c.header("Cache-Control", "public, max-age=60");
    c.header("Vary", "Origin");
    return c.json({
      turnstile: turnstile
        ? { siteKey: turnstile.siteKey, scriptUrl: c.env.TURNSTILE_SCRIPT_URL || TURNSTILE_SCRIPT }
        : null,
      formAnalytics,
    } satisfies WidgetConfig);
  },
);
