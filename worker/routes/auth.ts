// Signing a browser in and out: GET /auth/link shows a one-time link's sign-in button (links from
// npm run hikiai -- login or mailed), POST /auth/link exchanges it for a session cookie;
// POST /auth/sign-out ends the session. docs/dashboard-sign-in.md

import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import * as z from "zod/mini";
import { SESSION_COOKIE } from "../../shared/members.ts";
import { directoryDatabase } from "../db/handle.ts";
import { exchangeSignInLink, revokeSession, signInLinkState } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { bilingualPage, escapeHtml } from "../lib/bilingual-page.ts";
import { hashToken, TOKEN_PATTERN } from "../lib/session-token.ts";
import { describeRoute } from "../openapi/describe.ts";
import { clearSessionCookie, requireSameOrigin, setSessionCookie } from "../request/session.ts";

export const auth = new Hono<AppEnv>();

/** Where a signed-in browser lands: the dashboard. */
export const DASHBOARD_PATH = "/app";

type LinkProblem = "malformed" | "unknown" | "used" | "expired";

const PROBLEM_TEXT: Record<LinkProblem, { ja: string; en: string }> = {
  malformed: {
    ja: "このサインインリンクは正しくありません（途中で切れている可能性があります）。",
    en: "This sign-in link is not valid (it may have been cut short).",
  },
  unknown: { ja: "このサインインリンクは無効です。", en: "This sign-in link is not valid." },
  used: {
    ja: "このサインインリンクは使用済みです。リンクは一度しか使えません。",
    en: "This sign-in link has already been used. Each link works once.",
  },
  expired: {
    ja: "このサインインリンクは有効期限（15分）が切れています。",
    en: "This sign-in link has expired: links are valid for 15 minutes.",
  },
};

/** A small page for a person who opened a link that cannot sign them in: what happened, what to do. */
function linkProblemPage(problem: LinkProblem): string {
  const { ja, en } = PROBLEM_TEXT[problem];
  const command = `<code>${escapeHtml("npm run hikiai -- login --site SITE_KEY --email YOU@EXAMPLE.COM")}</code>`;
  return bilingualPage(
    "サインインできません / Cannot sign in — hikiai",
    {
      heading: "サインインできません",
      paragraphs: [
        escapeHtml(ja),
        "新しいリンクをサイトの管理者に依頼するか、次のコマンドで発行してください（有効期限15分・1回限り）:",
        command,
      ],
    },
    {
      heading: "Cannot sign in",
      paragraphs: [
        escapeHtml(en),
        "Ask an admin of your site for a new link, or make one yourself (valid 15 minutes, once):",
        command,
      ],
    },
  );
}

/** Keeps the token out of caches and out of the Referer of whatever the page loads next. */
function privateAnswer(c: Context) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
}

const LinkQuerySchema = z.object({ token: z.optional(z.string()) });

/**
 * The page a valid link opens: one button that signs in. Mail scanners (Safe Links and the like)
 * open every link of a mail before the person does; a link that signed in on GET was used up by
 * them (the person then saw "already used") and gave the scanner the session. They do not
 * press buttons.
 */
function confirmPage(token: string): string {
  const form = (label: string) =>
    `<form method="post" action="/auth/link"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit">${escapeHtml(label)}</button></form>`;
  return bilingualPage(
    "サインイン / Sign in — hikiai",
    {
      heading: "hikiai にサインイン",
      paragraphs: [
        "ボタンを押すとダッシュボードにサインインします（リンクは15分間有効・1回限り）。",
        form("サインインする"),
      ],
    },
    {
      heading: "Sign in to hikiai",
      paragraphs: [
        "Press the button to sign in to the dashboard (the link works for 15 minutes, once).",
        form("Sign in"),
      ],
    },
  );
}

// The form posts the token and nothing else.
const LINK_FORM_MAX_BYTES = 1024;

auth.get(
  "/link",
  describeRoute({
    summary: "Open a one-time sign-in link: a page with one button that signs in (POST /auth/link)",
    description:
      "Made by `npm run hikiai -- login` or mailed (POST /auth/mail-link); valid 15 minutes, once. Opening it " +
      "uses nothing: a valid link answers 200 with a page (Japanese and English) whose button posts the token " +
      "to POST /auth/link, so a mail scanner that opens links neither uses it up nor gets a session. A used or " +
      "expired link answers 410, a malformed or unknown one 400, each with a page saying how to get a new one.",
    tags: ["sign-in"],
    request: { query: LinkQuerySchema },
    responses: {
      200: { description: "A valid link: the page with the sign-in button.", contentType: "text/html" },
      400: { description: "Malformed or unknown link: a page saying how to get a new one.", contentType: "text/html" },
      410: { description: "Used or expired link: a page saying how to get a new one.", contentType: "text/html" },
    },
  }),
  async (c) => {
    privateAnswer(c);
    const token = c.req.query("token") ?? "";
    if (!TOKEN_PATTERN.test(token)) return c.html(linkProblemPage("malformed"), 400);
    const state = await signInLinkState(directoryDatabase(c.env), token);
    if (state !== "valid") return c.html(linkProblemPage(state), state === "unknown" ? 400 : 410);
    // The button's POST must carry this origin in `Origin` (the CSRF check): under no-referrer a
    // browser sends `Origin: null`; same-origin still keeps the token from any other site.
    c.header("Referrer-Policy", "same-origin");
    // Not in another site's frame: a framed button could sign a person in as someone else.
    c.header("Content-Security-Policy", "frame-ancestors 'none'");
    return c.html(confirmPage(token), 200);
  },
);

auth.post(
  "/link",
  describeRoute({
    summary: "Sign in with a one-time link's token (the button of GET /auth/link): starts a session, on to /app",
    description:
      "A form post (`application/x-www-form-urlencoded`, `token=`) from this origin (CSRF: `Origin`). Success: 303 " +
      "to /app with the `__Host-hikiai_session` cookie (HttpOnly, Secure, SameSite=Strict). A used or expired link " +
      "answers 410, a malformed or unknown one 400, each with a page in Japanese and English.",
    tags: ["sign-in"],
    responses: {
      303: { description: "Signed in: the session cookie is set; on to /app." },
      400: { description: "Malformed or unknown link: a page saying how to get a new one.", contentType: "text/html" },
      410: { description: "Used or expired link: a page saying how to get a new one.", contentType: "text/html" },
    },
    errors: [403, 413],
  }),
  async (c, next) => {
    requireSameOrigin(c);
    await next();
  },
  bodyLimit({
    maxSize: LINK_FORM_MAX_BYTES,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The body is larger than ${LINK_FORM_MAX_BYTES} bytes.`, {
        body: `must be at most ${LINK_FORM_MAX_BYTES} bytes: the sign-in form's token only`,
      });
    },
  }),
  async (c) => {
    privateAnswer(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === "string" ? form.token : "";
    if (!TOKEN_PATTERN.test(token)) return c.html(linkProblemPage("malformed"), 400);
    const now = Date.now();
    const result = await exchangeSignInLink(directoryDatabase(c.env), token, now);
    if ("refused" in result) return c.html(linkProblemPage(result.refused), result.refused === "unknown" ? 400 : 410);
    setSessionCookie(c, result.session.token, result.session.expiresAt, now);
    return c.redirect(DASHBOARD_PATH, 303);
  },
);

auth.post(
  "/sign-out",
  describeRoute({
    summary: "Sign out: revokes the session of the cookie and clears the cookie",
    description: "Needs an `Origin` of this origin (CSRF). Without a session it only clears the cookie.",
    tags: ["sign-in"],
    responses: { 204: { description: "Signed out." } },
    errors: [403],
  }),
  async (c) => {
    requireSameOrigin(c);
    const token = getCookie(c, SESSION_COOKIE);
    if (token && TOKEN_PATTERN.test(token)) await revokeSession(directoryDatabase(c.env), await hashToken(token));
    clearSessionCookie(c);
    privateAnswer(c);
    return c.body(null, 204);
  },
);
