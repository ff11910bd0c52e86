// The visitor auto-reply (自動返信メール): sent by the queue consumer from the notification of a
// new inquiry or lead (the outbox row the collect batch wrote anyway), once per stored record.
import {
  type FormKind,
  type MailSender,
  REQUIRED_SENDER_FIELDS,
  type TemplateVariable,
} from "../../shared/autoreply.ts";
import { autoReplySourceFrom, autoReplySourceStatements } from "../db/autoreplies.ts";
import { databaseFor } from "../db/handle.ts";
import { failWaitingOfNotification, type MailCaps } from "../db/mail-log.ts";
import type { NotificationRow } from "../db/notifications.ts";
import type { Env } from "../env.ts";
import type { EventEnvelope, InquiryCreatedData, LeadCreatedData } from "../notify/payloads.ts";
import { type DownloadLinkMail, downloadUrlFor, mailedResource, sendDownloadLink } from "./download-link-mail.ts";
import { type SendOutcome, sendMail } from "./send.ts";
import {
  composeAutoReply,
  footerLines,
  KIND_LABELS,
  type Lang,
  type TemplateValues,
  visitorText,
} from "./templates.ts";

/** At most this many mails a stranger can trigger reach one address of a site per 24 h. */
export const PER_RECIPIENT_DAY = 3;

/** The mail a visitor's form triggers: auto-replies and download links count together toward the caps. */
export const VISITOR_MAIL_KINDS = ["autoreply", "download_link"] as const;

/** The caps of mail a visitor's form triggers. */
export const VISITOR_MAIL_CAPS = (hourlyCap: number): MailCaps => ({
  kinds: VISITOR_MAIL_KINDS,
  perRecipientDay: PER_RECIPIENT_DAY,
  perSiteHour: hourlyCap,
});

/** The first sender field an enabled auto-reply needs that is not set, or null. */
export function missingSenderField(sender: MailSender): (typeof REQUIRED_SENDER_FIELDS)[number] | null {
  return REQUIRED_SENDER_FIELDS.find((field) => !sender[field]) ?? null;
}

/** The mail's language: the visitor's (the form's language, sent as the locale), else the site's. */
export function mailLanguage(locale: string | null | undefined, siteLanguage: Lang): Lang {
  if (!locale) return siteLanguage;
  return locale.toLowerCase().startsWith("ja") ? "ja" : "en";
}

/** What an auto-reply answers: the inquiry or the lead (a download) as its event carries it. */
type RecordOfEvent = InquiryCreatedData["inquiry"] | LeadCreatedData["lead"];

/**
 * The auto-reply of one notification, if it has one to send: true when nothing is left to retry
 * (sent, not wanted, settled before), false when the queue should try again later.
 */
export async function mailForNotification(
  env: Env,
  n: NotificationRow | undefined,
  payload: string | null,
): Promise<boolean> {
  if (!n || !payload || (n.event !== "inquiry.created" && n.event !== "lead.created")) return true;
  try {
    const { data } = JSON.parse(payload) as EventEnvelope<InquiryCreatedData | LeadCreatedData>;
    const record = "inquiry" in data ? data.inquiry : data.lead;
    if (!record?.contact?.email) return true;
    const outcome = await sendAutoReply(env, n, record);
    return outcome !== "retry";
  } catch (err) {
    console.error("auto-reply", n.id, err);
    return false;
  }
}

async function sendAutoReply(env: Env, n: NotificationRow, record: RecordOfEvent): Promise<SendOutcome | "off"> {
  const inquiry = "kind" in record ? record : null;
  const formKind: FormKind = inquiry?.kind ?? "download";
  const resourceId = "resourceId" in record ? record.resourceId : "";
  const db = databaseFor(env, n.site_id);
  const { sender, reply } = autoReplySourceFrom(
    await db.batch(autoReplySourceStatements(db, n.site_id, formKind, resourceId)),
  );
  // A resource delivered by mail: its link goes in the auto-reply when that is on, else in a mail
  // of its own, so the visitor the form told of a mailed link always gets it (docs/downloads.md).
  const mailed = formKind === "download" ? await mailedResource(env, n.site_id, resourceId) : null;
  const lang = mailLanguage(record.context?.locale, n.language);
  const now = Date.now();
  if (mailed && !missingSenderField(sender) && !reply?.enabled) {
    return sendLinkFrom(env, sender, {
      siteId: n.site_id,
      siteName: n.site_name,
      leadId: record.id,
      to: record.contact.email,
      lang,
      resource: mailed,
      now,
    });
  }
  // Turned off, or the sender identity was cleared after it was turned on: nothing goes out.
  if (!reply?.enabled || missingSenderField(sender)) return "off";
  const values: TemplateValues = {
    name: visitorText(record.contact.name),
    company: visitorText(record.contact.company),
    resourceTitle: mailed?.title ?? resourceId,
    downloadUrl: mailed ? await downloadUrlFor(env, n.site_id, record.id, mailed, now) : "",
    siteName: n.site_name,
    kind: KIND_LABELS[lang][formKind],
    preferredTime: visitorText(inquiry?.preferredTime),
  } satisfies Record<TemplateVariable, string>;
  const mail = composeAutoReply({ formKind, lang, texts: reply[lang], values, sender, siteName: n.site_name });
  return sendMail(env, {
    siteId: n.site_id,
    kind: "autoreply",
    key: record.id,
    to: record.contact.email,
    message: {
      to: record.contact.email,
      from: { email: sender.fromAddress!, name: sender.senderName ?? undefined },
      replyTo: sender.replyTo ?? undefined,
      ...mail,
    },
    caps: VISITOR_MAIL_CAPS(sender.hourlyCap),
  });
}

/**
 * Mails a lead's download link in a mail of its own, from the site's (whole) sender identity,
 * under the caps of visitor mail.
 */
export function sendLinkFrom(
  env: Env,
  sender: MailSender,
  m: Omit<DownloadLinkMail, "from" | "replyTo" | "footer" | "caps">,
): Promise<SendOutcome> {
  return sendDownloadLink(env, {
    ...m,
    from: { email: sender.fromAddress!, name: sender.senderName ?? undefined },
    replyTo: sender.replyTo ?? undefined,
    footer: footerLines(sender, m.lang, m.siteName),
    caps: VISITOR_MAIL_CAPS(sender.hourlyCap),
  });
}

/** The queue gave up on a notification: its auto-reply, if still waiting, is failed in the log. */
export async function autoReplyGaveUp(env: Env, siteId: string | undefined, notificationId: string) {
  await failWaitingOfNotification(databaseFor(env, siteId ?? ""), "autoreply", notificationId, Date.now()).run();
}
