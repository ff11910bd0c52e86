// What makes a site's new records need a notification outbox row besides what the sites row says
// (lib/outbox-need.ts decides per record): an enabled webhook, routing rules or a team mail
// address, auto-replies. Read
// from the site's own database when the site cache reads the site (once a minute per isolate),
// so the collect batch gains no statement; the outbox statements take the answer as parameters.
import { FORM_KINDS, type FormKind, REQUIRED_SENDER_FIELDS } from "../../shared/autoreply.ts";
import type { Site } from "../env.ts";

export interface OutboxNeeds {
  /** The site has an enabled webhook. */
  webhook: boolean;
  /** The form kinds with an auto-reply on (for any resource). */
  autoreply: FormKind[];
  /** The site's sender identity is whole: a resource's link can be mailed (routes/collect.ts). */
  mailSender: boolean;
}

// mail_senders' column of each required field (senderName → sender_name).
const senderComplete = REQUIRED_SENDER_FIELDS.map(
  (field) => `COALESCE(${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}, '') <> ''`,
).join(" AND ");

/** The site with `needsInquiryOutbox` (routing rules) and `outbox` set from its database (one statement). */
export async function withOutboxNeeds(db: D1Database, site: Site): Promise<Site> {
  const row = await db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM routing_rules WHERE site_id = ?1)
                OR EXISTS (SELECT 1 FROM sites WHERE id = ?1 AND notification_email IS NOT NULL) AS rules,
              EXISTS (SELECT 1 FROM webhooks WHERE site_id = ?1 AND disabled_at IS NULL) AS webhook,
              (SELECT group_concat(DISTINCT form_kind) FROM autoreplies WHERE site_id = ?1 AND enabled = 1) AS autoreply,
              EXISTS (SELECT 1 FROM mail_senders WHERE site_id = ?1 AND ${senderComplete}) AS sender`,
    )
    .bind(site.id)
    .first<{ rules: number; webhook: number; autoreply: string | null; sender: number }>();
  const kinds = (row?.autoreply ?? "").split(",");
  return {
    ...site,
    needsInquiryOutbox: row?.rules === 1,
    outbox: {
      webhook: row?.webhook === 1,
      autoreply: FORM_KINDS.filter((kind) => kinds.includes(kind)),
      mailSender: row?.sender === 1,
    },
  };
}
