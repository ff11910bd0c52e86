// The team mail the site's hourly cap held back (TEAM_MAIL_PER_SITE_HOUR) is not lost: when the
// hour closes, the notification cron mails each recipient one summary of it, how many new
// inquiries came that were not mailed one by one, with a link to the inbox (docs/notifications.md).
// Once per site, recipient and hour: the mail log's key; a failed send is tried again next run.
import { directoryDatabase } from "../db/handle.ts";
import { type HeldHour, heldHours, heldSummaryKey } from "../db/mail-log.ts";
import type { Env } from "../env.ts";
import { formatZoned } from "../lib/zoned-time.ts";
import { type SendOutcome, sendMail } from "../mail/send.ts";
import { assigneeKey, assigneesOf, TEAM_MAIL_PER_SITE_HOUR, teamSender } from "./team-mail.ts";

const HOUR_MS = 3_600_000;

const WORDS = {
  ja: {
    subject: (site: string, n: number) => `【${site}】このほか ${n} 件の新しい問い合わせがありました`,
    body: (n: number, from: string, to: string, cap: number) =>
      `${from}〜${to} に、このほか ${n} 件の新しい問い合わせがありました。チームへの通知メールは 1 時間に ${cap} 通までのため、1 件ずつはお送りしていません。`,
    open: "ダッシュボードで確認する",
  },
  en: {
    subject: (site: string, n: number) => `[${site}] ${n} more new inquiries`,
    body: (n: number, from: string, to: string, cap: number) =>
      `${n} more new inquiries arrived between ${from} and ${to}. Team mail is limited to ${cap} mails an hour, so they were not mailed one by one.`,
    open: "See them in the dashboard",
  },
};

/** "2026-12-01 10:00" in the site's zone. */
const localTime = (zone: string, at: number) => formatZoned(zone, at).slice(0, 16).replace("T", " ");

/** The summary of one recipient's held hour, in `lang`. */
export function heldSummaryText(held: HeldHour, lang: "ja" | "en", link: string) {
  const w = WORDS[lang];
  const from = localTime(held.time_zone, held.hour * HOUR_MS);
  const to = localTime(held.time_zone, (held.hour + 1) * HOUR_MS).slice(11);
  const text = [w.body(held.held, from, to, TEAM_MAIL_PER_SITE_HOUR), "", `${w.open}: ${link}`].join("\n");
  return { subject: w.subject(held.site_name, held.held), text };
}

/**
 * Mails the summaries due at `now` for the sites of `db`: one per recipient and closed hour in
 * which the cap held team mail back. A recipient who is a member gets it in their language.
 */
export async function mailHeldTeamMail(env: Env, db: D1Database, now: number): Promise<SendOutcome[]> {
  const due = await heldHours(db, "team_inquiry", now);
  if (due.length === 0) return [];
  const members = await assigneesOf(
    directoryDatabase(env),
    due.map((h) => ({ siteId: h.site_id, email: h.recipient })),
  );
  const origin = (env.APP_ORIGIN || "http://localhost:8787").replace(/\/+$/, "");
  const sent: SendOutcome[] = [];
  for (const held of due) {
    const from = teamSender(env, held);
    if (!from) continue;
    const lang = members.get(assigneeKey(held.site_id, held.recipient))?.language ?? held.language;
    const { subject, text } = heldSummaryText(
      held,
      lang,
      `${origin}/app/inbox?site=${encodeURIComponent(held.site_key)}`,
    );
    sent.push(
      await sendMail(env, {
        siteId: held.site_id,
        kind: "team_inquiry",
        key: heldSummaryKey(held),
        to: held.recipient,
        message: { to: held.recipient, from, subject, text },
      }),
    );
  }
  return sent;
}
