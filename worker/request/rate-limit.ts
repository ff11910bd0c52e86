import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { addressKey } from "../lib/address-key.ts";
import { ApiError } from "../lib/api-error.ts";

// The limits of the Rate Limiting bindings in wrangler.toml ([[ratelimits]]); a unit test
// keeps these and the file in step. Each counts per Cloudflare location, per 60 s window.
/** Collect requests per site and client address (an IPv6 /64: lib/address-key.ts) per minute (COLLECT_LIMITER). */
export const COLLECT_RATE_LIMIT = 20;
/** Site-key look-ups (keys not in this isolate's cache: unknown ones) per client address per minute (SITE_LOOKUP_LIMITER). */
export const SITE_LOOKUP_RATE_LIMIT = 60;
/** Failed team-API authentications (a wrong, revoked or expired key or session) per client address per minute (AUTH_FAILURE_LIMITER). */
export const AUTH_FAILURE_RATE_LIMIT = 10;
/** Sign-in links asked by mail for one address per minute, whoever asks (SIGN_IN_MAIL_ADDRESS_LIMITER). */
export const SIGN_IN_MAIL_ADDRESS_RATE_LIMIT = 3;
/** Sign-in links asked by mail per client address per minute, whatever addresses (SIGN_IN_MAIL_CLIENT_LIMITER). */
export const SIGN_IN_MAIL_CLIENT_RATE_LIMIT = 10;
/** The bindings' period: the binding does not say when its window ends, so a refusal asks for a whole one. */
export const RATE_LIMIT_PERIOD_S = 60;

/**
 * The visitor's address as Cloudflare reports it (`CF-Connecting-IP`, set by Cloudflare on every
 * request in production and not forgeable there), or null when there is none or it is the
 * machine itself: only local runs (`npm start`, the browser and workerd tests) have those, and
 * they are not rate limited.
 */
export function clientAddress(c: Context<AppEnv>): string | null {
  const ip = c.req.header("cf-connecting-ip");
  if (!ip || ip === "::1" || ip.startsWith("127.")) return null;
  return ip;
}

/** 429 rate_limited with Retry-After (the CORS headers are already set: the widget can read it). */
export function refuse(c: Context<AppEnv>, reason: string, field = "site"): never {
  c.header("Retry-After", String(RATE_LIMIT_PERIOD_S));
  throw new ApiError(429, "rate_limited", "Too many requests from this address; retry later.", {
    [field]: `${reason}; retry after ${RATE_LIMIT_PERIOD_S} s`,
  });
}

/**
 * Counts a site-key look-up (a D1 read) for the caller's address and refuses past the limit: a
 * flood of made-up keys costs one limiter call each, not a D1 read. Called by siteAccess only
 * when the key is not in the isolate's cache.
 */
export async function limitSiteLookups(c: Context<AppEnv>): Promise<void> {
  const ip = clientAddress(c);
  if (!ip) return;
  const { success } = await c.env.SITE_LOOKUP_LIMITER.limit({ key: addressKey(ip) });
  if (!success)
    refuse(c, `too many site keys looked up from this address (at most ${SITE_LOOKUP_RATE_LIMIT} a minute)`);
}
