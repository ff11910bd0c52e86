// Who signs in to the dashboard and what they may do: roles per site, GET /v1/me, /v1/members.
// The worker validates and answers with these; the dashboard (app/) imports them as types.
import * as z from "zod/mini";
import { emailSchema, text } from "./form-schemas.ts";

/**
 * A member's role on one site: `viewer` reads; `member` also follows inquiries up (status,
 * assignee, note); `admin` also manages webhooks, notification settings, members and personal data.
 */
export const MEMBER_ROLES = ["viewer", "member", "admin"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** How a session was started: a one-time link, or Cloudflare Access. */
export const SESSION_KINDS = ["link", "access"] as const;

/** The request header that picks the site of a signed-in request (a public site key, site_…). */
export const SITE_HEADER = "hikiai-site";

/** The cookie that carries a signed-in browser's session token. */
export const SESSION_COOKIE = "__Host-hikiai_session";

const time = z.iso.datetime();

/** A person, as others see them (history, assignee picker). `name` null: show the e-mail. */
export const MemberRefSchema = z.object({ id: z.string(), email: z.string(), name: z.nullable(z.string()) });

/** A member of the site with their role, name, Slack user id (mentioned in Slack) and mail language (null: the site's), all this site's own. */
export const MemberSchema = z.extend(MemberRefSchema, {
  role: z.enum(MEMBER_ROLES),
  slackUserId: z.nullable(z.string()),
  language: z.nullable(z.enum(["ja", "en"])),
});

/** GET /v1/members */
export const MemberListSchema = z.object({ data: z.array(MemberSchema) });

/** GET /v1/me: who is signed in, the sites they may open (with their role), and until when. */
export const MeSchema = z.object({
  member: MemberRefSchema,
  sites: z.array(z.object({ siteKey: z.string(), name: z.string(), role: z.enum(MEMBER_ROLES), timeZone: z.string() })),
  session: z.object({ via: z.enum(SESSION_KINDS), expiresAt: time }),
});

/** POST /v1/members: adds a person (new or already a member elsewhere) to the site; `name` is this site's name for them. */
export const MemberCreateSchema = z.strictObject({
  email: emailSchema(),
  name: z.optional(text(100)),
  role: z.enum(MEMBER_ROLES),
});

/** A Slack member id as Slack shows it (profile → ⋮ → Copy member ID): U or W and capitals/digits. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** PATCH /v1/members/:id: role, Slack user id, mail language (null clears the last two). */
export const MemberPatchSchema = z
  .strictObject({
    role: z.optional(z.enum(MEMBER_ROLES)),
    slackUserId: z.optional(
      z.nullable(
        z.string().check(z.refine((v) => SLACK_USER_ID.test(v), "must be a Slack member id such as U012AB3CD")),
      ),
    ),
    language: z.optional(z.nullable(z.enum(["ja", "en"]))),
  })
  .check(
    z.refine((b) => b.role !== undefined || b.slackUserId !== undefined || b.language !== undefined, {
      message: "send at least one of role, slackUserId, language",
    }),
  );

/** POST /auth/mail-link: the address to mail a sign-in link to (if it is a member's). */
export const MailLinkRequestSchema = z.strictObject({ email: emailSchema() });

/** Its one answer, the same for every address. */
export const MailLinkAnswerSchema = z.object({ accepted: z.literal(true), message: z.string() });

export const MAIL_LINK_ANSWER: z.infer<typeof MailLinkAnswerSchema> = {
  accepted: true,
  message: "If this address is a member's, a sign-in link is on its way (valid 15 minutes, once).",
};
