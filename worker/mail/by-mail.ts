// A resource delivered by mail makes the form tell the visitor "we mailed you the link"; these
// checks keep that true. The link goes out from the site's sender identity (mail/autoreply.ts),
// so a resource cannot be switched to mail without a whole identity, and the identity cannot lose
// a field while such a resource exists. Shared by the team API and the CLI.
import type { MailSender } from "../../shared/autoreply.ts";
import { mailboxKey, normaliseEmail } from "../../shared/email.ts";
import { leadLinkMailTimes, visitorMailRoom } from "../db/mail-log.ts";
import { mailedResourceIds } from "../db/resources.ts";
import type { Env } from "../env.ts";
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

/** A repeat download gets a new link mail only this long after the lead's last one (or the lead's first request). */
export const LINK_AGAIN_AFTER_MS = 10 * 60_000;

/**
 * Whether a repeat download within 24 h of lead `leadId` (of a resource delivered by mail, with
 * room for its mail, or a retried request of it) may be told "mail". Within LINK_AGAIN_AFTER_MS
 * of the lead's last link mail, that mail (sent or on its way) is the answer; a retried request
 * (`replay`) is answered by the mails before it alone. Later, a visitor who asks again has likely
 * lost the mail: a new one is queued before the answer (mail/link-again.ts). Its key names what
 * is needed, the mail after the last one (or after the lead's first request), not the request:
 * repeats that come before it is sent queue the same mail, and the mail log's claim sends it once.
 * Once that mail was settled without going out (capped, suppressed, failed), nothing more is
 * promised. Soon after the lead's first request its mail may still be on its way unlogged:
 * nothing new then, and "mail" only if logged.
 */
export async function repeatLinkMail(
  env: Env,
  db: D1Database,
  q: { siteId: string; leadId: string; replay: boolean },
  now: number,
): Promise<boolean> {
  const { last, leadAt, settled } = await leadLinkMailTimes(db, q.siteId, VISITOR_MAIL_KINDS, q.leadId, now);
  if (last !== null && (q.replay || now - last < LINK_AGAIN_AFTER_MS)) return true;
  if (q.replay || leadAt === null || now - leadAt < LINK_AGAIN_AFTER_MS || settled) return false;
  const linkAgain = { leadId: q.leadId, key: `${q.leadId}/${last ?? leadAt}` };
  try {
    await env.NOTIFY_QUEUE.send({ siteId: q.siteId, linkAgain }, { contentType: "json" });
    return true;
  } catch (err) {
    // Not queued: the visitor is not told a mail is coming (the page's link instead).
    console.error("link mail again", q.leadId, err);
    return false;
  }
}
