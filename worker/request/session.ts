// Signed-in browsers: the session cookie, its sliding expiry, and the same-origin check that
// every change made with it passes. API keys never come here (middleware/team-auth.ts).

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../../shared/members.ts";
import { directoryDatabase } from "../db/handle.ts";
import {
  type ActiveSession,
  findSession,
  SESSION_IDLE_MS,
  type SignedIn,
  sessionNeedsTouch,
  touchSession,
} from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { hashToken, TOKEN_PATTERN } from "../lib/session-token.ts";
import { accessSignIn } from "./access-sign-in.ts";

/**
 * Sets the session cookie. `__Host-`: Secure, Path=/ and no Domain, so no other host (not even
 * a subdomain) can set or read it; HttpOnly keeps scripts away from it; SameSite=Strict keeps
 * other sites' pages from sending it (the first defence against CSRF, the Origin check the second).
 */
export function setSessionCookie(c: Context, token: string, expiresAt: number, now = Date.now()) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/",
    maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: "Strict", path: "/" });
}

/** The session token the request carries, when it is well-formed (else no D1 read happens). */
function sessionToken(c: Context): string | undefined {
  const token = getCookie(c, SESSION_COOKIE);
  return token && TOKEN_PATTERN.test(token) ? token : undefined;
}

/**
 * The live session of the request's cookie, or null. Moves its idle expiry forward (in D1 and in
 * the cookie) when it was last moved more than a few minutes ago, so a busy dashboard does not
 * write on every request.
 */
export async function sessionFromRequest(c: Context<AppEnv>): Promise<ActiveSession | null> {
  const token = sessionToken(c);
  if (!token) return null;
  const now = Date.now();
  const session = await findSession(directoryDatabase(c.env), await hashToken(token), now);
  if (!session) return null;
  if (sessionNeedsTouch(session.lastSeenAt, now)) {
    session.expiresAt = now + SESSION_IDLE_MS;
    setSessionCookie(c, token, session.expiresAt, now);
    const touch = touchSession(directoryDatabase(c.env), session.tokenHash, now).catch((err) =>
      console.error("session touch", err),
    );
    try {
      c.executionCtx.waitUntil(touch);
    } catch {
      // No ExecutionContext (app.request() outside workerd): the write still runs, unawaited.
    }
  }
  return session;
}

/**
 * Who is signed in on this request, by any way of signing in a browser: the session cookie, else
 * (when configured) Cloudflare Access's `Cf-Access-Jwt-Assertion`, verified on this request.
 */
export async function signedIn(c: Context<AppEnv>): Promise<SignedIn | null> {
  return (await sessionFromRequest(c)) ?? (await accessSignIn(c));
}

/** 401 for a browser that is not (or no longer) signed in, naming why. */
export function notSignedIn(c: Context): ApiError {
  const hadCookie = getCookie(c, SESSION_COOKIE) !== undefined;
  if (hadCookie) clearSessionCookie(c);
  return new ApiError(
    401,
    "unauthorized",
    "Sign in (npm run hikiai -- login) or send an API key as `Authorization: Bearer <key>`.",
    hadCookie
      ? { session: "has expired, was signed out or revoked; sign in again" }
      : { authorization: "is required: an API key (Bearer) or a signed-in session cookie" },
  );
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * CSRF: a change made with the session cookie must come from a page of this origin, as the
 * `Origin` header (set by browsers on every non-GET fetch, not forgeable by a page) tells.
 * API keys are not subject to it: a browser never adds them by itself.
 */
export function requireSameOrigin(c: Context) {
  if (SAFE_METHODS.has(c.req.method)) return;
  const origin = c.req.header("origin");
  const self = new URL(c.req.url).origin;
  if (origin !== self) {
    throw new ApiError(403, "csrf", "Changes made with a session must come from the dashboard's own origin.", {
      origin: origin ? `is ${origin}; only ${self} may make changes with a session` : `is required (${self})`,
    });
  }
}
