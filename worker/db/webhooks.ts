// A site's notification targets: generic signed webhooks and Slack incoming webhooks. Managed by
// the team API and the CLI; the secret is returned only by create and rotate. A rotation keeps
// the replaced secret signing too for an overlap window, so receivers can switch without losing
// events (see worker/notify/send.ts).
import { and, asc, eq, sql } from "drizzle-orm";
import { MAX_WEBHOOKS_PER_SITE, type WEBHOOK_TYPES } from "../../shared/webhooks.ts";
import { orm } from "./orm.ts";
import { webhooks } from "./schema.ts";

export type WebhookType = (typeof WEBHOOK_TYPES)[number];
export type WebhookRecord = typeof webhooks.$inferSelect;

/**
 * Creates a webhook and returns its row (with the secret, for the one answer that shows it), or
 * null when the site has MAX_WEBHOOKS_PER_SITE already: the count and the insert are one
 * statement, so two at once cannot pass the limit together.
 */
export async function createWebhook(
  db: D1Database,
  w: { siteId: string; type: WebhookType; url: string; secret: string | null; description?: string },
  now = Date.now(),
): Promise<WebhookRecord | null> {
  const id = `wh_${crypto.randomUUID().replaceAll("-", "")}`;
  const { meta } = await db
    .prepare(
      `INSERT INTO webhooks (id, site_id, type, url, secret, description, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7 WHERE (SELECT count(*) FROM webhooks WHERE site_id = ?2) < ?8`,
    )
    .bind(id, w.siteId, w.type, w.url, w.secret, w.description ?? "", now, MAX_WEBHOOKS_PER_SITE)
    .run();
  return meta.changes ? findWebhook(db, w.siteId, id) : null;
}

/** The site's webhooks, oldest first. */
export function listWebhooks(db: D1Database, siteId: string): Promise<WebhookRecord[]> {
  return orm(db).select().from(webhooks).where(eq(webhooks.siteId, siteId)).orderBy(asc(webhooks.createdAt));
}

/** One of the site's webhooks, or null. */
export async function findWebhook(db: D1Database, siteId: string, id: string): Promise<WebhookRecord | null> {
  const [row] = await orm(db)
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id)));
  return row ?? null;
}

/** Changes a webhook (only the given fields); returns the row, or null if the site has no such webhook. */
export async function updateWebhook(
  db: D1Database,
  siteId: string,
  id: string,
  changes: { url?: string; description?: string; disabled?: boolean; secret?: string },
  now = Date.now(),
): Promise<WebhookRecord | null> {
  const { disabled, ...rest } = changes;
  const [row] = await orm(db)
    .update(webhooks)
    .set({ ...rest, ...(disabled !== undefined ? { disabledAt: disabled ? now : null } : {}), updatedAt: now })
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id)))
    .returning();
  return row ?? null;
}

/** Deletes a webhook with its deliveries and their log; false if the site has no such webhook. */
export async function deleteWebhook(db: D1Database, siteId: string, id: string): Promise<boolean> {
  const rows = await orm(db)
    .delete(webhooks)
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id });
  return rows.length > 0;
}

/** How long a replaced secret keeps signing after a rotation, unless the caller says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
/** The longest overlap allowed: a leaked secret should not sign for more than three days. */
export const MAX_ROTATION_OVERLAP_HOURS = 72;

/**
 * Replaces a generic webhook's secret with `secret`; the current one becomes the previous secret,
 * which keeps signing for `overlapHours` (0: it stops at once, e.g. after a leak). A secret that
 * was already "previous" is dropped: only the last two ever sign. Returns the row, or null if the
 * site has no such generic webhook (Slack webhooks have no secret).
 */
export async function rotateWebhookSecret(
  db: D1Database,
  siteId: string,
  id: string,
  secret: string,
  overlapHours = DEFAULT_ROTATION_OVERLAP_HOURS,
  now = Date.now(),
): Promise<WebhookRecord | null> {
  const keepPrevious = overlapHours > 0;
  const [row] = await orm(db)
    .update(webhooks)
    .set({
      // Assignments in one UPDATE read the row as it was: previous_secret gets the old secret.
      previousSecret: keepPrevious ? sql`${webhooks.secret}` : null,
      previousSecretExpiresAt: keepPrevious ? now + overlapHours * 3_600_000 : null,
      secret,
      updatedAt: now,
    })
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, id), eq(webhooks.type, "webhook")))
    .returning();
  return row ?? null;
}

/** Until when the replaced secret still signs, or null when only the current one does. */
export const previousSecretValidUntil = (w: WebhookRecord, now = Date.now()): number | null =>
  w.previousSecret !== null && w.previousSecretExpiresAt !== null && w.previousSecretExpiresAt > now
    ? w.previousSecretExpiresAt
    : null;
