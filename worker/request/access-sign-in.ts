// Signing in through Cloudflare Access (docs/access.md): the request's Access token, verified on
// every request (lib/access-jwt.ts), signs in the member with its e-mail. No hikiai session is
// started: docs/decisions/0012-cloudflare-access.md.

import type { Context } from "hono";
import { normaliseEmail } from "../../shared/email.ts";
import { directoryDatabase } from "../db/handle.ts";
import { findMemberByEmail } from "../db/members.ts";
import type { SignedIn } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { AccessCertsUnavailable, accessConfig, verifyAccessToken } from "../lib/access-jwt.ts";
import { ApiError } from "../lib/api-error.ts";

/** The header Access adds to every request it lets through to the origin. */
export const ACCESS_HEADER = "cf-access-jwt-assertion";

/** A person Access signed in: their normalised e-mail and when the token expires (ms since the epoch). */
interface AccessIdentity {
  email: string;
  expiresAt: number;
}

/**
 * The person behind the request's Access token; null when Access is off (no vars) or the request
 * carries no token. A token that does not verify is a 401 naming the header and the reason; keys
 * that cannot be fetched, a 503.
 */
async function accessIdentity(c: Context<AppEnv>): Promise<AccessIdentity | null> {
  const token = c.req.header(ACCESS_HEADER);
  if (!token) return null;
  const config = accessConfig(c.env);
  if (!config) return null;
  let verdict: Awaited<ReturnType<typeof verifyAccessToken>>;
  try {
    verdict = await verifyAccessToken(token.trim(), config);
  } catch (error) {
    if (!(error instanceof AccessCertsUnavailable)) throw error;
    console.error(`access: ${error.message}`);
    throw new ApiError(503, "access_unavailable", "Cloudflare Access tokens cannot be verified right now.", {
      [ACCESS_HEADER]: "could not be verified: the Access team's keys are unreachable, try again",
    });
  }
  if (!verdict.ok) {
    throw new ApiError(401, "unauthorized", "The Cloudflare Access token was refused.", {
      [ACCESS_HEADER]: verdict.reason,
    });
  }
  return { email: normaliseEmail(verdict.email), expiresAt: verdict.exp * 1000 };
}

/**
 * The member Cloudflare Access signs in on this request; null when Access is off or the request
 * carries no token. A valid token of someone who is no member of any site: 403 `not_a_member`,
 * naming the header (signing in again would not help; an admin adding the e-mail would).
 */
export async function accessSignIn(c: Context<AppEnv>): Promise<SignedIn | null> {
  const identity = await accessIdentity(c);
  if (!identity) return null;
  const member = await findMemberByEmail(directoryDatabase(c.env), identity.email);
  if (!member) {
    throw new ApiError(
      403,
      "not_a_member",
      "Cloudflare Access signed you in, but you are not a member of any site here.",
      {
        [ACCESS_HEADER]: `is valid, but ${identity.email} is not a member of any site; an admin of the site adds this e-mail (members add)`,
      },
    );
  }
  return { via: "access", expiresAt: identity.expiresAt, member };
}
