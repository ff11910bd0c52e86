import type { MiddlewareHandler } from "hono";
import { forgetSite } from "../db/site-cache.ts";
import type { AppEnv } from "../env.ts";

/**
 * After a successful write to something the collect path caches with the site (webhooks,
 * notification settings, the auto-reply: what decides the outbox row), drops the site from this
 * isolate's cache so its next submission sees the change at once. After teamAuth.
 */
export const forgetSiteAfterWrite: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.req.method !== "GET" && c.res.status < 400) forgetSite(c.var.site.siteKey);
};
