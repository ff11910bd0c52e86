// The download link of a resource delivered by mail (docs/downloads.md): the signed URL the lead
// auto-reply carries as `downloadUrl`, or, when the auto-reply is off, a mail of its own
// (kind `download_link`). Called by the queue consumer for a new lead; never on the collect path.

import { directoryDatabase } from "../db/handle.ts";
import type { MailCaps } from "../db/mail-log.ts";
import { findResource, type ResourceRecord } from "../db/resources.ts";
import type { Env } from "../env.ts";
import { downloadUrl, grantFor } from "../lib/download-link.ts";
import { mailerFrom } from "./mailer.ts";
import { type SendOutcome, sendMail } from "./send.ts";

/**
 * Why this worker cannot mail download links, or null when it can: it signs them (the secret and
 * its public address) and has a mail provider. The team API refuses delivery by mail, and the
 * collector answers "page", while this is not null.
 */
export function mailLinkProblem(env: Env): string | null {
  const unset = [env.DOWNLOAD_LINK_SECRET ? "" : "DOWNLOAD_LINK_SECRET", env.PUBLIC_URL ? "" : "PUBLIC_URL"];
  const missing = unset.filter(Boolean);
  if (missing.length) return `mail needs the worker's ${missing.join(" and ")} (docs/downloads.md); use page`;
  if (!mailerFrom(env)) return "mail needs a mail provider on the worker (docs/mail.md); use page";
  return null;
}

/** The site's resource `resourceId` if it is delivered by mail (and this worker can mail its link), else null. */
export async function mailedResource(env: Env, siteId: string, resourceId: string): Promise<ResourceRecord | null> {
  if (mailLinkProblem(env)) return null;
  const resource = await findResource(directoryDatabase(env), siteId, resourceId);
  return resource?.delivery === "mail" ? resource : null;
}

/**
 * The signed link to lead `leadId`'s file, valid for the resource's days and uses from `now`.
 * The lead counts its downloads (`link_opens`), so a link mailed again grants its uses on top of
 * the `opensBefore` already counted.
 */
export function downloadUrlFor(
  env: Env,
  siteId: string,
  leadId: string,
  resource: ResourceRecord,
  now: number,
  opensBefore = 0,
) {
  const grant = grantFor(siteId, leadId, resource, now);
  // A token carries at most 3 digits of uses (lib/download-link.ts).
  const uses = Math.min(grant.uses + opensBefore, 999);
  return downloadUrl(env.DOWNLOAD_LINK_SECRET!, env.PUBLIC_URL!, { ...grant, uses });
}

export interface DownloadLinkMail {
  siteId: string;
  siteName: string;
  leadId: string;
  /** The visitor's address, as stored on the contact. */
  to: string;
  lang: "ja" | "en";
  resource: ResourceRecord;
  /** The site's sender identity (the auto-reply's): from, reply-to, and the footer's lines. */
  from: { email: string; name?: string };
  replyTo?: string;
  footer: string[];
  caps?: MailCaps;
  now: number;
  /** The mail log key: the lead id (its first link), or the lead id and a suffix (a link mailed again). */
  key?: string;
  /** Downloads the lead has counted already (a link mailed again). */
  opensBefore?: number;
}

/** Subject and text of the link's own mail. Only the site's words and the link: nothing the visitor typed. */
export function composeDownloadLink(m: Omit<DownloadLinkMail, "from" | "to" | "caps" | "key">, url: string) {
  const { title, linkDays: days, linkUses: uses } = m.resource;
  const body =
    m.lang === "ja"
      ? {
          subject: `【${m.siteName}】資料ダウンロードのご案内: ${title}`,
          lines: [
            `資料「${title}」をお申し込みいただき、ありがとうございます。`,
            `下記のリンクからダウンロードしてください（${days}日間・${uses}回まで有効）。`,
            "",
            url,
            "",
            "お心当たりのない場合は、このメールを破棄してください。",
          ],
        }
      : {
          subject: `[${m.siteName}] Your download: ${title}`,
          lines: [
            `Thank you for requesting "${title}".`,
            `Download it from this link (valid ${days} days, ${uses} times):`,
            "",
            url,
            "",
            "If you did not ask for it, please ignore this mail.",
          ],
        };
  return {
    subject: body.subject,
    text: [...body.lines, ...(m.footer.length ? ["", "--", ...m.footer] : [])].join("\n"),
  };
}

/** Mails the link of lead `leadId` (once per key, whatever the retries: the mail log's key). */
export async function sendDownloadLink(env: Env, m: DownloadLinkMail): Promise<SendOutcome> {
  const url = await downloadUrlFor(env, m.siteId, m.leadId, m.resource, m.now, m.opensBefore);
  const { subject, text } = composeDownloadLink(m, url);
  return sendMail(env, {
    siteId: m.siteId,
    kind: "download_link",
    key: m.key ?? m.leadId,
    to: m.to,
    message: { to: m.to, from: m.from, replyTo: m.replyTo, subject, text },
    caps: m.caps,
  });
}
