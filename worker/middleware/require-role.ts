import type { MiddlewareHandler } from "hono";
import type { MemberRole } from "../../shared/members.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";

const RANK: Record<MemberRole, number> = { viewer: 0, member: 1, admin: 2 };

const ROLES_FROM: Record<Exclude<MemberRole, "viewer">, string> = { member: "member or admin", admin: "admin" };

/**
 * Refuses (403) a request whose member has a lower role than `role` on the site, or whose API
 * key has the `read` scope (a `write` key is a machine that may do what an admin may). Reads
 * need no check: every member and every key may read. Goes after teamAuth.
 * @example webhooks.post("/", requireRole("admin"), …)
 */
export function requireRole(role: Exclude<MemberRole, "viewer">): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const actor = c.var.actor;
    if (actor.kind === "key" && actor.scope !== "write") {
      throw new ApiError(403, "insufficient_scope", "This needs an API key with the `write` scope.", {
        authorization: "has scope read; this needs write",
      });
    }
    if (actor.kind === "member" && RANK[actor.role] < RANK[role]) {
      throw new ApiError(403, "insufficient_role", `This needs the ${ROLES_FROM[role]} role on the site.`, {
        role: `is ${actor.role} on this site; this needs ${ROLES_FROM[role]}`,
      });
    }
    await next();
  };
  return withDoc(middleware, { security: { scope: "write", role }, errors: [403] });
}
