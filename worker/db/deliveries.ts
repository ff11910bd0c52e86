// Deliveries (one notification to one webhook) and their attempts: what the queue consumer sends
// and records, and the delivery log the team API reads.

/** A pending delivery with everything needed to send it. */
export interface PendingDelivery {
  id: string;
  notification_id: string;
  webhook_id: string;
  type: "webhook" | "slack";
  url: string;
  secret: string | null;
  /** The secret replaced by the last rotation, and until when it also signs (ms). */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
}

/**
 * The notification's deliveries still to send, to enabled webhooks; or only `deliveryId` (a test
 * or redelivery someone asked for), even to a disabled webhook.
 */
export function selectPendingDeliveries(
  db: D1Database,
  notificationId: string,
  deliveryId: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT d.id, d.notification_id, d.webhook_id, w.type, w.url, w.secret,
              w.previous_secret, w.previous_secret_expires_at
       FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
       WHERE d.notification_id = ?1 AND d.status = 'pending' AND (?2 IS NULL AND w.disabled_at IS NULL OR d.id = ?2)`,
    )
    .bind(notificationId, deliveryId);
}

/** What one HTTP attempt gave. */
export interface AttemptResult {
  deliveryId: string;
  attemptedAt: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  ok: boolean;
}

/**
 * Statements that log attempts and move their deliveries to `delivered` (2xx) or keep them
 * pending. A delivery removed while it was being sent (its webhook deleted, the person erased)
 * gets no log row: that insert would fail the batch, and with it every other site's log.
 */
export function attemptStatements(db: D1Database, attempts: AttemptResult[]): D1PreparedStatement[] {
  return attempts.flatMap((a) => [
    db
      .prepare(
        `INSERT INTO delivery_attempts (id, delivery_id, attempted_at, status_code, latency_ms, error)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = ?2)`,
      )
      .bind(crypto.randomUUID(), a.deliveryId, a.attemptedAt, a.statusCode, a.latencyMs, a.error),
    db
      .prepare(
        `UPDATE deliveries SET attempts = attempts + 1, updated_at = ?2,
             status = CASE WHEN ?3 THEN 'delivered' ELSE status END WHERE id = ?1`,
      )
      .bind(a.deliveryId, a.attemptedAt, a.ok ? 1 : 0),
  ]);
}

/** Gives up on the notification's pending deliveries (its message reached the dead-letter queue). */
export async function failPendingDeliveries(
  db: D1Database,
  notificationId: string,
  deliveryId: string | null,
  now: number,
) {
  await db
    .prepare(
      `UPDATE deliveries SET status = 'failed', updated_at = ?3
       WHERE notification_id = ?1 AND status = 'pending' AND (?2 IS NULL OR id = ?2)`,
    )
    .bind(notificationId, deliveryId, now)
    .run();
}

/** A delivery of the site, made pending again for a redelivery; null if the site has no such delivery. */
export async function resetDelivery(db: D1Database, siteId: string, deliveryId: string, now: number) {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'pending', updated_at = ?3 WHERE id = ?2 AND site_id = ?1
       RETURNING id, notification_id, webhook_id`,
    )
    .bind(siteId, deliveryId, now)
    .first<{ id: string; notification_id: string; webhook_id: string }>();
}

/** A pending delivery created by the API (a test notification to one webhook). */
export async function insertDelivery(
  db: D1Database,
  d: { notificationId: string; webhookId: string; siteId: string },
  now: number,
): Promise<string> {
  const id = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
  await db
    .prepare(
      `INSERT INTO deliveries (id, notification_id, webhook_id, site_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(id, d.notificationId, d.webhookId, d.siteId, now, now)
    .run();
  return id;
}

export interface DeliveryLogRow {
  id: string;
  notification_id: string;
  event: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  created_at: number;
  updated_at: number;
  /** JSON array of the attempts, oldest first. */
  attempt_log: string;
}

/** A webhook's deliveries with every attempt, newest first: `limit` of those created before `before` (ms). */
export async function listDeliveries(
  db: D1Database,
  webhookId: string,
  limit: number,
  before: number | null,
): Promise<DeliveryLogRow[]> {
  const { results } = await db
    .prepare(
      `SELECT d.id, d.notification_id, n.event, d.status, d.attempts, d.created_at, d.updated_at,
         (SELECT json_group_array(json_object('at', a.attempted_at, 'statusCode', a.status_code,
                   'latencyMs', a.latency_ms, 'error', a.error))
          FROM (SELECT * FROM delivery_attempts WHERE delivery_id = d.id ORDER BY attempted_at, rowid) a) AS attempt_log
       FROM deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.webhook_id = ?1 AND (?2 IS NULL OR d.created_at < ?2)
       ORDER BY d.created_at DESC, d.id DESC LIMIT ?3`,
    )
    .bind(webhookId, before, limit)
    .all<DeliveryLogRow>();
  return results;
}
