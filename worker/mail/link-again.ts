// A repeat download within 24 h is the same lead, so its outbox row, and the link mail it brought,
// came with the first request. A visitor who asks again a while later has most likely lost that
// mail: the collector then queues this mail (mail/by-mail.ts repeatLinkMail), and the queue
// consumer sends it here, once per key (the mail after the last one), under the visitor caps.
import { autoReplySourceFrom, autoReplySourceStatements } from "../db/autoreplies.ts";
import { leadToMailAgain } from "../db/download-links.ts";
import { databaseFor } from "../db/handle.ts";
import type { Env } from "../env.ts";
import { mailLanguage, missingSenderField, sendLinkFrom } from "./autoreply.ts";
import { mailedResource } from "./download-link-mail.ts";
import type { SendOutcome } from "./send.ts";

/**
 * Mails lead `leadId`'s link again under mail log key `key`: a fresh link with the resource's
 * uses on top of the downloads already counted. "off" when there is nothing to send any more (the
 * lead erased, the resource no longer delivered by mail, the sender identity not whole).
 */
export async function mailLinkAgain(
  env: Env,
  siteId: string,
  leadId: string,
  key: string,
): Promise<SendOutcome | "off"> {
  const db = databaseFor(env, siteId);
  const lead = await leadToMailAgain(db, siteId, leadId);
  if (!lead) return "off";
  const mailed = await mailedResource(env, siteId, lead.resource_id);
  const { sender } = autoReplySourceFrom(
    await db.batch(autoReplySourceStatements(db, siteId, "download", lead.resource_id)),
  );
  if (!mailed || missingSenderField(sender)) return "off";
  return sendLinkFrom(env, sender, {
    siteId,
    siteName: lead.site_name,
    leadId,
    to: lead.email,
    lang: mailLanguage(lead.locale, lead.language),
    resource: mailed,
    now: Date.now(),
    key,
    opensBefore: lead.link_opens,
  });
}
