// POST /auth/mail-link: a person types their address on /app's sign-in page and, if it is a
// member's, gets the one-time sign-in link by mail (docs/dashboard-sign-in.md). The answer is the
// same for every address: membership is looked up and the mail sent after it (waitUntil), so
// neither the body, the status nor the time tells whether an address is a member's.
import { type Context, Hono } from "hono";
import { MAIL_LINK_ANSWER, MailLinkAnswerSchema, MailLinkRequestSchema } from "../../shared/members.ts";
import type { AppEnv } from "../env.ts";
import { addressKey } from "../lib/address-key.ts";
import { mailSignInLink } from "../mail/sign-in-link-mail.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { describeRoute } from "../openapi/describe.ts";
import { validate } from "../openapi/validate.ts";
import {
  clientAddress,
  refuse,
  SIGN_IN_MAIL_ADDRESS_RATE_LIMIT,
  SIGN_IN_MAIL_CLIENT_RATE_LIMIT,
} from "../request/rate-limit.ts";
import { requireSameOrigin } from "../request/session.ts";

export const mailLink = new Hono<AppEnv>();

/**
 * Where the mailed link is opened: the deployment's configured public origin, else the origin
 * this request came to (the dashboard's own: the same-origin check just compared them).
 */
const linkOrigin = (c: Context<AppEnv>) => (c.env.APP_ORIGIN || new URL(c.req.url).origin).replace(/\/+$/, "");

mailLink.post(
  "/mail-link",
  describeRoute({
    summary: "Mail me a sign-in link: the one-time link (15 minutes, once) goes to the address if it is a member's",
    description:
      "Answers 202 with the same body whatever the address (a member's or not, suppressed or not); " +
      "the mail, if any, is sent after the answer from the deployment's MAIL_FROM, in the member's language. " +
      `At most ${SIGN_IN_MAIL_ADDRESS_RATE_LIMIT} a minute per address and ${SIGN_IN_MAIL_CLIENT_RATE_LIMIT} per client. ` +
      "Needs an `Origin` of this origin (CSRF).",
    tags: ["sign-in"],
    responses: { 202: { description: "Taken: a member's address gets the link.", schema: MailLinkAnswerSchema } },
    errors: [403, 429],
  }),
  async (c, next) => {
    requireSameOrigin(c);
    await next();
  },
  jsonBody,
  validate("json", MailLinkRequestSchema),
  async (c) => {
    const { email } = c.req.valid("json");
    // Per client first: one client trying many addresses is refused before it spends theirs.
    const ip = clientAddress(c);
    if (ip && !(await c.env.SIGN_IN_MAIL_CLIENT_LIMITER.limit({ key: addressKey(ip) })).success) {
      refuse(c, `at most ${SIGN_IN_MAIL_CLIENT_RATE_LIMIT} sign-in links a minute from one address`, "client");
    }
    // Per address whoever asks (local runs too): nobody can flood one person's inbox.
    if (!(await c.env.SIGN_IN_MAIL_ADDRESS_LIMITER.limit({ key: email })).success) {
      refuse(c, `at most ${SIGN_IN_MAIL_ADDRESS_RATE_LIMIT} sign-in links a minute to one address`, "email");
    }
    const origin = linkOrigin(c);
    c.executionCtx.waitUntil(
      mailSignInLink(c.env, email, origin).catch((err) => console.error("sign-in link by mail", err)),
    );
    c.header("Cache-Control", "no-store");
    return c.json(MAIL_LINK_ANSWER, 202);
  },
);
