// The notification outbox. A row is written in the same batch() as the record it announces (so
// a committed inquiry always has one: collect-sql.ts, INQUIRY_OUTBOX and LEAD_OUTBOX), sent to
// the queue after the commit, and dispatched by the queue consumer into one delivery per webhook.
// This is the SQL of the consumer's bookkeeping.
import type { NOTIFICATION_EVENTS } from "./schema.ts";

export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** A notification as the consumer reads it, with what it needs of its site. */
export interface NotificationRow {
  id: string;
  site_id: string;
  event: NotificationEvent;
  subject_id: string | null;
  webhook_id: string | null;
  payload: string | null;
  created_at: number;
  dispatched_at: number | null;
  site_name: string;
  site_key: string;
  language: "ja" | "en";
  /** Team mail without an assignee goes here (null: nowhere), from the site's sender address (if set). */
  notification_email: string | null;
  mail_from: string | null;
  mail_sender: string | null;
  time_zone: string;
}

/** Reads one notification with its site's name, language and zone (no row: deleted with its site). */
export function selectNotification(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT n.*, s.name AS site_name, s.site_key, s.language, s.time_zone, s.notification_email,
         ms.from_address AS mail_from, ms.sender_name AS mail_sender
       FROM notifications n JOIN sites s ON s.id = n.site_id LEFT JOIN mail_senders ms ON ms.site_id = n.site_id
       WHERE n.id = ?`,
    )
    .bind(id);
}

// A new lead goes to webhooks only where the site opted in (as the collect batch decides, with
// what was there when the lead came): its outbox row may have been written for the auto-reply alone.
const LEAD_OPTED_IN = `EXISTS (SELECT 1 FROM leads l JOIN sites s ON s.id = l.site_id WHERE l.id = ?5
  AND (s.notify_leads = 'all' OR (s.notify_leads = 'returning' AND (
    EXISTS (SELECT 1 FROM leads o WHERE o.contact_id = l.contact_id AND o.id <> l.id AND o.first_seen_at <= l.first_seen_at)
    OR EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = l.contact_id AND i.created_at <= l.first_seen_at)))))`;

/**
 * Fixes the payload and creates one pending delivery per target webhook (the notification's own
 * one for a test, else every enabled webhook of the site): statements for the consumer's batch.
 * Idempotent: a second dispatch of the same notification (a redelivered message) keeps the first's rows.
 */
export function dispatchStatements(db: D1Database, n: NotificationRow, payload: string, now: number) {
  return [
    db
      .prepare(
        `INSERT INTO deliveries (id, notification_id, webhook_id, site_id, created_at, updated_at)
         SELECT 'msg_' || lower(hex(randomblob(16))), ?1, w.id, w.site_id, ?3, ?3 FROM webhooks w
         WHERE w.site_id = ?2 AND w.disabled_at IS NULL AND (?4 IS NULL OR w.id = ?4)
           AND (?5 IS NULL OR ${LEAD_OPTED_IN})
         ON CONFLICT (notification_id, webhook_id) DO NOTHING`,
      )
      .bind(n.id, n.site_id, now, n.webhook_id, n.event === "lead.created" ? n.subject_id : null),
    db
      .prepare("UPDATE notifications SET payload = coalesce(payload, ?2), dispatched_at = ?3 WHERE id = ?1")
      .bind(n.id, payload, now),
  ];
}

/** A scheduled notification (digest, stall reminder, test) with its payload; false if it exists already. */
export async function insertNotification(
  db: D1Database,
  n: { id?: string; siteId: string; event: NotificationEvent; subjectId: string | null; webhookId?: string },
  payload: string,
  now: number,
): Promise<string | null> {
  const id = n.id ?? crypto.randomUUID();
  const row = await db
    .prepare(
      `INSERT INTO notifications (id, site_id, event, subject_id, webhook_id, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    )
    .bind(id, n.siteId, n.event, n.subjectId, n.webhookId ?? null, payload, now)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** Whether the site already has this event for this subject (e.g. today's digest). */
export async function notificationExists(db: D1Database, siteId: string, event: NotificationEvent, subjectId: string) {
  const row = await db
    .prepare("SELECT 1 AS found FROM notifications WHERE site_id = ? AND event = ? AND subject_id = ?")
    .bind(siteId, event, subjectId)
    .first();
  return row !== null;
}

/** The stored payload of the site's notification of `event` about `subjectId` (e.g. a date's digest), or null. */
export async function storedPayload(db: D1Database, siteId: string, event: NotificationEvent, subjectId: string) {
  const row = await db
    .prepare("SELECT payload FROM notifications WHERE site_id = ? AND event = ? AND subject_id = ?")
    .bind(siteId, event, subjectId)
    .first<{ payload: string | null }>();
  return row?.payload ?? null;
}

/**
 * Outbox rows the consumer has not dispatched `graceMs` after they were written (their send to
 * the queue was lost, or its message died before dispatch), and not swept within `graceMs`:
 * marks them swept now and returns their ids for re-enqueueing.
 */
export async function claimLostNotifications(db: D1Database, now: number, graceMs: number, limit: number) {
  const { results } = await db
    .prepare(
      `UPDATE notifications SET swept_at = ?1
       WHERE id IN (SELECT id FROM notifications WHERE dispatched_at IS NULL AND created_at <= ?2
                    AND (swept_at IS NULL OR swept_at <= ?2) ORDER BY created_at LIMIT ?3)
       RETURNING id, site_id`,
    )
    .bind(now, now - graceMs, limit)
    .all<{ id: string; site_id: string }>();
  return results.map((r) => ({ notificationId: r.id, siteId: r.site_id }));
}

/** Marks a notification dispatched with no deliveries (its inquiry or lead was erased before). */
export function markDispatched(db: D1Database, id: string, now: number): D1PreparedStatement {
  return db.prepare("UPDATE notifications SET dispatched_at = ? WHERE id = ?").bind(now, id);
}
