import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { withDoc } from "../openapi/describe.ts";
import { notSignedIn, requireSameOrigin, signedIn } from "../request/session.ts";

/** Routes for a signed-in person, whatever the site (GET /v1/me): 401 without a session. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const session = await signedIn(c);
  if (!session) throw notSignedIn(c);
  requireSameOrigin(c);
  c.set("session", session);
  await next();
};
withDoc(requireSession, { errors: [401, 403, 503] });
