// The daily digest by mail, beside or instead of Slack (docs/notifications.md): the digest the
// cron just made (digest.ts), mailed to the site's admins or every member (sites.digest_mail), each
// in their language, with a link into the dashboard, from the deployment's MAIL_FROM. Once per
// (site, member, day): the mail log's key. Every cron run of the digest hour tries again what
// is not sent yet (a provider's hiccup, a member added meanwhile); what is sent is not sent twice.
import { digestRecipients } from "../db/digest-recipients.ts";
import { directoryDatabase } from "../db/handle.ts";
import type { NotifiedSite } from "../db/notification-subjects.ts";
import { storedPayload } from "../db/notifications.ts";
import type { Env } from "../env.ts";
import { type SendOutcome, sendMail } from "../mail/send.ts";
import { systemSender } from "../mail/system-sender.ts";
import type { DigestData } from "./digest.ts";
import type { EventEnvelope } from "./payloads.ts";
import { digestText } from "./slack.ts";

const WORDS = {
  ja: {
    subject: (date: string, site: string) => `日次ダイジェスト（${date}）— ${site}`,
    open: "ダッシュボードで開く",
    settings: "このメールの受信設定は、サイトの管理者が通知設定（digestMail）で変更できます。",
  },
  en: {
    subject: (date: string, site: string) => `Daily digest (${date}) — ${site}`,
    open: "Open the dashboard",
    settings: "A site admin turns this mail off or on in the notification settings (digestMail).",
  },
};

/**
 * Mails the site's digest of local date `date` to its recipients; one outcome per recipient
 * (none when the digest by mail is off or the digest was not made).
 */
export async function mailDigest(env: Env, db: D1Database, site: NotifiedSite, date: string): Promise<SendOutcome[]> {
  if (site.digest_mail === "off") return [];
  const payload = await storedPayload(db, site.id, "digest.daily", date);
  if (!payload) return [];
  const { data } = JSON.parse(payload) as EventEnvelope<DigestData>;
  const recipients = await digestRecipients(directoryDatabase(env), site.id, site.digest_mail);
  const origin = (env.APP_ORIGIN || "http://localhost:8787").replace(/\/+$/, "");
  const link = `${origin}/app?site=${encodeURIComponent(site.site_key)}`;
  const from = systemSender(env) ?? { email: "" };
  return Promise.all(
    recipients.map((member) => {
      const lang = member.language ?? site.language;
      const w = WORDS[lang];
      const text = [digestText(data, lang, true), "", `${w.open}: ${link}`, "", w.settings].join("\n");
      return sendMail(env, {
        siteId: site.id,
        kind: "digest",
        key: `${site.id}/${date}/${member.id}`,
        to: member.email,
        message: { to: member.email, from, subject: w.subject(date, site.name), text },
      });
    }),
  );
}
