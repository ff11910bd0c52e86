// What a team API route file is built from: a router behind teamAuth and the parts its routes use
// (the OpenAPI description, validation, roles, JSON bodies), imported from one place.
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { teamAuth } from "../middleware/team-auth.ts";

export { jsonBody } from "../middleware/json-body.ts";
export { requireRole } from "../middleware/require-role.ts";
export { describeRoute } from "../openapi/describe.ts";
export { validate } from "../openapi/validate.ts";

/** A router whose every route is behind teamAuth (an API key, or a session with Hikiai-Site: one site). */
export function teamRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use("*", teamAuth);
  return routes;
}

/**
 * The 200 description of a cursor-paged list: a filter tested on each row (no index orders the
 * rows by it) reads a bounded number of rows per request, so a page can be short and not the last.
 */
export const pageDescription = (what: string) =>
  `One page of ${what}. A page may hold fewer rows than \`limit\`, even none, and still have a \`nextCursor\` (a filter that no index serves reads a bounded number of rows per request): the list has ended only when \`nextCursor\` is null.`;
