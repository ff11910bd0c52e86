import type { MiddlewareHandler } from "hono";
import { findSiteByApiKeyHash } from "../db/sites.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { hashApiKey } from "../lib/keys.ts";
import { withDoc } from "../openapi/describe.ts";

/** Team API access: `Authorization: Bearer <api key>` selects the one site the key belongs to. */
export const apiKeyAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const site = match?.[1] ? await findSiteByApiKeyHash(c.env.DB, await hashApiKey(match[1])) : null;
  if (!site) {
    c.header("WWW-Authenticate", 'Bearer realm="hikiai"');
    throw new ApiError(401, "unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.", {
      authorization: match ? "is not a valid API key" : "is required (Bearer <api key>)",
    });
  }
  c.set("site", site);
  await next();
};
withDoc(apiKeyAuth, { security: { scope: "read" }, errors: [401] });
