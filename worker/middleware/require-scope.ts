import type { MiddlewareHandler } from "hono";
import type { AppEnv, RequestKey } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";

/**
 * Refuses (403 insufficient_scope) a request whose API key lacks `scope`. Goes after apiKeyAuth.
 * @example personalData.use("*", apiKeyAuth, requireScope("write"))
 */
export function requireScope(scope: RequestKey["scope"]): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.var.apiKey.scope !== scope) {
      throw new ApiError(403, "insufficient_scope", `This needs an API key with the \`${scope}\` scope.`, {
        authorization: `has scope ${c.var.apiKey.scope}; this needs ${scope}`,
      });
    }
    await next();
  };
  return withDoc(middleware, { security: { scope }, errors: [403] });
}
