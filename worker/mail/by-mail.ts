// A resource delivered by mail makes the form tell the visitor "we mailed you the link"; these
// checks keep that true. The link goes out from the site's sender identity (mail/autoreply.ts),
// so a resource cannot be switched to mail without a whole identity, and the identity cannot lose
// a field while such a resource exists. Shared by the team API and the CLI.
import type { MailSender } from "../../shared/autoreply.ts";
import { mailboxKey, normaliseEmail } from "../../shared/email.ts";
import { mailGoneOut, visitorMailRoom } from "../db/mail-log.ts";
import { mailedResourceIds } from "../db/resources.ts";
import { missingSenderField, PER_RECIPIENT_DAY, VISITOR_MAIL_KINDS } from "./autoreply.ts";

/** Why `delivery: mail` cannot be set on a site with this sender identity, or null. */
export function senderProblemForMail(sender: MailSender): string | null {
  const missing = missingSenderField(sender);
  return missing ? `mail needs the site's sender identity, whose ${missing} is not set` : null;
}

/**
 * What stops the sender identity from becoming `next`: the first missing field and the resource
 * delivered by mail that needs it, or null. `directory`: the database of the resources registry.
 */
export async function senderStillNeeded(
  directory: D1Database,
  siteId: string,
  next: MailSender,
): Promise<{ field: string; resourceId: string } | null> {
  const missing = missingSenderField(next);
  if (!missing) return null;
  const [resourceId] = await mailedResourceIds(directory, siteId);
  return resourceId ? { field: missing, resourceId } : null;
}

/**
 * Whether a link mailed now to `email` would go out: the address is not suppressed, its inbox has
 * had fewer than its 3 visitor mails of the site in 24 h, the site fewer than its hourly cap.
 * Read by the collector before it answers `delivery: "mail"` (docs/downloads.md); the queue
 * consumer's claim (mail/send.ts) still decides, so two leads at once may both read room.
 */
export function linkMailHasRoom(db: D1Database, siteId: string, email: string, now: number): Promise<boolean> {
  const recipient = normaliseEmail(email);
  return visitorMailRoom(
    db,
    {
      siteId,
      recipient,
      mailbox: mailboxKey(recipient),
      kinds: VISITOR_MAIL_KINDS,
      perRecipientDay: PER_RECIPIENT_DAY,
    },
    now,
  );
}

/**
 * Whether lead `leadId`'s link was mailed (alone, or in its auto-reply) or is on its way: what a
 * repeat download within 24 h, which mails nothing new, may point the visitor to.
 */
export function leadLinkMailed(db: D1Database, siteId: string, leadId: string): Promise<boolean> {
  return mailGoneOut(db, siteId, VISITOR_MAIL_KINDS, leadId);
}
