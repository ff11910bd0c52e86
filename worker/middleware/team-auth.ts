// Who may use the /v1 team API, on which site: a machine with an API key (the key's site), or a
// signed-in person on the site they pick per request with `Hikiai-Site` (docs/dashboard-sign-in.md).

import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import * as z from "zod/mini";
import { SESSION_COOKIE, SITE_HEADER } from "../../shared/members.ts";
import { directoryDatabase } from "../db/handle.ts";
import { siteMembership } from "../db/members.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";
import { authenticateApiKey } from "../request/api-key.ts";
import { countAuthFailure, refuseBlockedAddress } from "../request/auth-failures.ts";
import { notSignedIn, requireSameOrigin, signedIn } from "../request/session.ts";
import { useSite } from "../request/use-site.ts";

/**
 * Sets `site` and `actor` for a team-API route. An `Authorization` header means an API key (as
 * ever: 401 if it is not a valid one, never a fallback to the cookie). Otherwise the session
 * cookie: 401 without a live session, 403 `csrf` for a change from another origin, then the
 * site of `Hikiai-Site`: 400 if missing, 403 if the person is not its member (an unknown site
 * looks the same, so site keys cannot be probed).
 */
export const teamAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  // A request that presents a credential (a key, a session cookie) may be a guess: failures are
  // limited per address, and an address past the limit is refused before any D1 read.
  const presented = c.req.header("authorization") !== undefined || getCookie(c, SESSION_COOKIE) !== undefined;
  if (presented) refuseBlockedAddress(c);
  if (c.req.header("authorization") !== undefined) {
    await countingFailure(c, () => authenticateApiKey(c));
    return next();
  }
  const session = await signedIn(c);
  if (!session) {
    if (presented) await countAuthFailure(c);
    throw notSignedIn(c);
  }
  requireSameOrigin(c);
  const siteKey = c.req.header(SITE_HEADER)?.trim();
  if (!siteKey) {
    throw new ApiError(400, "site_required", "Say which site with the `Hikiai-Site` header (its site_… key).", {
      [SITE_HEADER]: "is required with a session: the public key (site_…) of one of your sites",
    });
  }
  const membership = await siteMembership(directoryDatabase(c.env), session.member.id, siteKey);
  if (!membership) {
    throw new ApiError(403, "not_a_member", "You are not a member of this site.", {
      [SITE_HEADER]: `is not a site you are a member of (${siteKey}); see GET /v1/me for yours`,
    });
  }
  c.set("session", session);
  useSite(c, membership.site);
  c.set("actor", { kind: "member", ...session.member, role: membership.role });
  await next();
};
/** Runs `authenticate`; a 401 it throws is counted as a failed authentication first. */
async function countingFailure(c: Context<AppEnv>, authenticate: () => Promise<void>) {
  try {
    await authenticate();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) await countAuthFailure(c);
    throw err;
  }
}

/** The `Hikiai-Site` header, as the OpenAPI document lists it. */
const SiteHeaderSchema = z.object({
  [SITE_HEADER]: z.optional(
    z.string().check(z.describe("With a session cookie (not with an API key): the site_… key of the site to work on")),
  ),
});
withDoc(teamAuth, {
  security: { scope: "read", session: true },
  request: { header: SiteHeaderSchema },
  errors: [400, 401, 403, 429, 503],
});
