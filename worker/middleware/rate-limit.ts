import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { addressKey } from "../lib/address-key.ts";
import { withDoc } from "../openapi/describe.ts";
import { COLLECT_RATE_LIMIT, clientAddress, refuse } from "../request/rate-limit.ts";

/**
 * Requests per site and client address: at most COLLECT_RATE_LIMIT a minute under `scope` (each
 * scope its own budget), checked before the body is read. After resolveSite (the site is known,
 * so a refusal is counted for it).
 */
function rateLimitPerSite(scope: string, what: string): MiddlewareHandler<AppEnv> {
  const limiter: MiddlewareHandler<AppEnv> = async (c, next) => {
    const ip = clientAddress(c);
    if (ip) {
      const { success } = await c.env.COLLECT_LIMITER.limit({ key: `${scope}${c.var.site.id}|${addressKey(ip)}` });
      if (!success) refuse(c, `receives at most ${COLLECT_RATE_LIMIT} ${what} a minute from one address`);
    }
    await next();
  };
  return withDoc(limiter, { errors: [429] });
}

/** Collect requests (submissions) per site and client address. */
export const rateLimitCollect = rateLimitPerSite("", "submissions");

/**
 * Form analytics beacons per site and client address: a budget of their own, so that a page's
 * beacons never use up its visitor's submissions.
 */
export const rateLimitBeacons = rateLimitPerSite("beacon|", "form analytics beacons");
