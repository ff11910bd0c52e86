import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { countCollectRefusal } from "../request/count-refusal.ts";

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
