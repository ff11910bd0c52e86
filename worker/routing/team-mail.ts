// Team mail about a new inquiry (docs/routing.md): to its assignee when that is a member of the
// site, else to the site's notification address; in the member's language (else the site's), with
// a link into the dashboard. Sent once per inquiry through sendMail (kind team_inquiry, key = the
// inquiry id), from the queue consumer after routing, so a redelivery finds it sent.
import { and, eq, inArray } from "drizzle-orm";
import type { MailCaps } from "../db/mail-log.ts";
import type { InquirySubject, InquirySubjectRow } from "../db/notification-subjects.ts";
import type { NotificationRow } from "../db/notifications.ts";
import { orm } from "../db/orm.ts";
import { members, siteMembers } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { type SendOutcome, sendMail } from "../mail/send.ts";
import { systemSender } from "../mail/system-sender.ts";

/**
 * Team mail about new inquiries per site and hour, whoever it goes to: each public submission
 * makes one, so a flood of submissions from many addresses would otherwise become a flood in the
 * team's inboxes (and on the sender's reputation). Past it, an inquiry's mail is held (`capped` in
 * the mail log; its webhooks and Slack still go out) and the hour's held mails are summed up in
 * one mail per recipient when the hour closes (held-team-mail.ts).
 */
export const TEAM_MAIL_PER_SITE_HOUR = 20;
const TEAM_MAIL_CAPS: MailCaps = { kinds: ["team_inquiry"], perSiteHour: TEAM_MAIL_PER_SITE_HOUR };

/** A member an inquiry is assigned to, as the team mail and the Slack mention need them. */
export interface TeamMember {
  email: string;
  name: string | null;
  language: "ja" | "en" | null;
  slackUserId: string | null;
}

/** Key of an assignee in `assigneesOf`'s map. */
export const assigneeKey = (siteId: string, email: string) => `${siteId} ${email}`;

/**
 * The members behind these (site, assignee) pairs, by `assigneeKey`; an assignee that is no member
 * of the site (an API key may write any name) is not found.
 */
export async function assigneesOf(directory: D1Database, pairs: { siteId: string; email: string }[]) {
  const found = new Map<string, TeamMember>();
  if (pairs.length === 0) return found;
  const rows = await orm(directory)
    .select({
      siteId: siteMembers.siteId,
      email: members.email,
      name: siteMembers.name,
      language: siteMembers.language,
      slackUserId: siteMembers.slackUserId,
    })
    .from(members)
    .innerJoin(siteMembers, eq(siteMembers.memberId, members.id))
    .where(
      and(
        inArray(members.email, [...new Set(pairs.map((p) => p.email))]),
        inArray(siteMembers.siteId, [...new Set(pairs.map((p) => p.siteId))]),
      ),
    );
  for (const { siteId, ...m } of rows) found.set(assigneeKey(siteId, m.email), m);
  return found;
}

const WORDS = {
  ja: {
    kind: { demo: "デモ依頼", quote: "見積依頼", contact: "お問い合わせ" } as Record<string, string>,
    subject: (kind: string, who: string) => `新しい${kind}: ${who}`,
    assigned: (rule: number | null) =>
      rule === null ? "あなたが担当者です。" : `振り分けルール ${rule} により、あなたが担当者になりました。`,
    unassigned: "担当者はまだ決まっていません。",
    fields: { name: "名前", company: "会社", email: "メール", preferred: "希望日時", message: "メッセージ" },
    open: "ダッシュボードで開く",
    noName: "（名前なし）",
  },
  en: {
    kind: { demo: "demo request", quote: "quote request", contact: "contact request" } as Record<string, string>,
    subject: (kind: string, who: string) => `New ${kind}: ${who}`,
    assigned: (rule: number | null) =>
      rule === null ? "You are its assignee." : `Routing rule ${rule} assigned it to you.`,
    unassigned: "Nobody is assigned yet.",
    fields: { name: "Name", company: "Company", email: "E-mail", preferred: "Preferred time", message: "Message" },
    open: "Open it in the dashboard",
    noName: "(no name)",
  },
};

// What a visitor typed goes into the mail as plain text, one line per value (the message keeps
// its lines): no header can be forged from it, and nothing in it is HTML.
const line = (value: unknown) =>
  String(value ?? "")
    .replace(/[\r\n]+/g, " ")
    .slice(0, 200);

/** Where the dashboard opens the inquiry: `APP_ORIGIN` (the deployment's public address). */
export const inquiryLink = (env: Env, n: NotificationRow, inquiryId: string) =>
  `${env.APP_ORIGIN ?? "http://localhost:8787"}/app/inbox?site=${encodeURIComponent(n.site_key)}&open=${encodeURIComponent(inquiryId)}`;

/** Where team mail comes from: the site's own sender when it has one (replies reach the team), else the deployment's. */
export function teamSender(env: Env, site: { mail_from: string | null; mail_sender: string | null }) {
  return site.mail_from ? { email: site.mail_from, name: site.mail_sender ?? "hikiai" } : systemSender(env);
}

/** The mail's subject and text. */
export function teamInquiryText(
  inquiry: InquirySubjectRow,
  lang: "ja" | "en",
  assigned: { rule: number | null } | null,
  link: string,
) {
  const w = WORDS[lang];
  const kind = w.kind[inquiry.kind] ?? inquiry.kind;
  const name = line(inquiry.contact.name) || w.noName;
  const company = line(inquiry.contact.company);
  const text = [
    assigned ? w.assigned(assigned.rule) : w.unassigned,
    "",
    `${w.fields.name}: ${name}`,
    ...(company ? [`${w.fields.company}: ${company}`] : []),
    `${w.fields.email}: ${line(inquiry.contact.email)}`,
    ...(inquiry.preferredTime ? [`${w.fields.preferred}: ${line(inquiry.preferredTime)}`] : []),
    ...(inquiry.message ? ["", `${w.fields.message}:`, inquiry.message.slice(0, 2000)] : []),
    "",
    `${w.open}: ${link}`,
  ].join("\n");
  return { subject: w.subject(kind, company ? `${name} (${company})` : name), text };
}

/**
 * Mails the team about a new inquiry: its assignee (a member of the site) or else the site's
 * notification address; `capped` past the site's hourly team mail. Null when there is no one to mail or no sender address is set up (the
 * site's, else MAIL_FROM).
 */
export async function mailTeam(
  env: Env,
  n: NotificationRow,
  { inquiry, assignedByRule }: InquirySubject,
  assignee: TeamMember | undefined,
): Promise<SendOutcome | null> {
  const to = assignee?.email ?? n.notification_email;
  if (!to) return null;
  const from = teamSender(env, n);
  if (!from) {
    console.warn("team mail: neither the site's sender address nor MAIL_FROM is set", n.site_id);
    return null;
  }
  const lang = assignee?.language ?? n.language;
  const { subject, text } = teamInquiryText(
    inquiry,
    lang,
    assignee ? { rule: assignedByRule } : null,
    inquiryLink(env, n, inquiry.id),
  );
  return sendMail(env, {
    siteId: n.site_id,
    kind: "team_inquiry",
    key: inquiry.id,
    to,
    message: { to, from, subject, text },
    caps: TEAM_MAIL_CAPS,
  });
}
