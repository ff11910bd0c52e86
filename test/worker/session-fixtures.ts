// Signed-in people for the worker tests: members added through worker/db, signed in the way a
// browser is (a one-time link opened at GET /auth/link, its button pressed), their cookie kept as a header.
import { env } from "cloudflare:workers";
import { SESSION_COOKIE } from "../../shared/members.ts";
import { addSiteMember } from "../../worker/db/members.ts";
import { createSignInLink } from "../../worker/db/sessions.ts";
import { call } from "./helpers.ts";

/** The worker's own origin in tests (helpers.ts's `call`): what a same-origin fetch sends. */
export const SELF_ORIGIN = "https://collector.test";

/** Adds a person (by a fresh e-mail unless given) to the site with `role`. */
export async function addMember(siteId: string, role: "viewer" | "member" | "admin", email?: string, name?: string) {
  const address = email ?? `${role}-${crypto.randomUUID().slice(0, 8)}@team.example`;
  const { member } = await addSiteMember(env.DB, siteId, { email: address, role, name });
  return member;
}

/** A fresh sign-in link's token for the member (asked for `siteId`). */
export async function linkToken(memberId: string, siteId: string | null = null, now?: number) {
  return (await createSignInLink(env.DB, { memberId, siteId }, now)).token;
}

/** Opens the link as a browser (GET): its page, and whatever cookie that set (none, ever). */
export function viewLink(token: string) {
  return call(`/auth/link?token=${encodeURIComponent(token)}`, { redirect: "manual" });
}

/** Presses the sign-in button of a link's page: POST /auth/link from `origin` (the page's own by default). */
export function pressSignIn(token: string, origin: string | null = SELF_ORIGIN) {
  return call("/auth/link", {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
    body: new URLSearchParams({ token }).toString(),
  });
}

/**
 * Opens the link and presses its page's button, as a person does; returns the last answer (the
 * page itself when it has no button: a used, expired or malformed link) and the session cookie
 * it set (as a `cookie` header value).
 */
export async function openLink(token: string) {
  const page = await viewLink(token);
  let res = page;
  if (page.status === 200) {
    // The button posts the token the page carries.
    const posted = /name="token" value="([^"]*)"/.exec(await page.text())?.[1];
    if (posted !== token) throw new Error(`the link's page posts ${posted}, not its token`);
    res = await pressSignIn(token);
  }
  const setCookie = res.headers.get("set-cookie") ?? "";
  const value = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie)?.[1];
  return { res, setCookie, cookie: value ? `${SESSION_COOKIE}=${value}` : undefined };
}

/** A member of the site with `role`, signed in: their id, e-mail and cookie header. */
export async function signedInMember(siteId: string, role: "viewer" | "member" | "admin", email?: string) {
  const member = await addMember(siteId, role, email);
  const { cookie } = await openLink(await linkToken(member.id, siteId));
  if (!cookie) throw new Error("signing in set no cookie");
  return { ...member, cookie };
}

/**
 * A request as the dashboard makes it: the cookie, the site picked with Hikiai-Site and, for
 * changes, the page's Origin (the browser adds both cookie and Origin by itself).
 */
export function asMember(
  cookie: string,
  siteKey: string | undefined,
  path: string,
  init: { method?: string; body?: unknown; origin?: string | null } = {},
) {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { cookie };
  if (siteKey) headers["hikiai-site"] = siteKey;
  const origin = init.origin === undefined ? (method === "GET" ? null : SELF_ORIGIN) : init.origin;
  if (origin) headers.origin = origin;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return call(path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
