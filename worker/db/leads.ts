import type { LeadSubmission } from "../../shared/schemas.ts";
import { CONTACT_ID, upsertContact } from "./contacts.ts";
import { CONTEXT_COLUMNS, CONTEXT_PLACEHOLDERS, contextValues } from "./event-context.ts";
import { leadOutbox } from "./notifications.ts";
import { NOT_A_REPLAY, replayParams, type SubmissionMeta, type WriteOutcome, writeOnce } from "./submissions.ts";

/** Repeat downloads within this span of a lead's first download count on that lead. */
export const LEAD_REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Stores a resource download: upserts the contact, then creates the lead or, if the same
 * contact downloaded the same resource within 24 h, counts it on the existing lead.
 */
export function recordLead(
  db: D1Database,
  meta: SubmissionMeta,
  lead: LeadSubmission,
  now: number,
): Promise<WriteOutcome> {
  const { siteId } = meta;
  const { email, resourceId } = lead;
  const leadId = crypto.randomUUID();
  // A window older than 24 h is closed first, so the upsert below starts a new lead.
  const closeExpiredWindow = db
    .prepare(
      `UPDATE leads SET window_open = 0
       WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND resource_id = ? AND first_seen_at <= ?`,
    )
    .bind(siteId, email, resourceId, now - LEAD_REPEAT_WINDOW_MS);
  const upsertLead = db
    .prepare(
      `INSERT INTO leads (id, site_id, contact_id, resource_id, ${CONTEXT_COLUMNS}, first_seen_at, last_seen_at)
       SELECT ?, ?, ${CONTACT_ID}, ?, ${CONTEXT_PLACEHOLDERS}, ?, ? WHERE ${NOT_A_REPLAY}
       ON CONFLICT (contact_id, resource_id) WHERE window_open = 1 DO UPDATE SET
         download_count = download_count + 1,
         last_seen_at = excluded.last_seen_at
       RETURNING id, download_count = 1 AS created`,
    )
    .bind(leadId, siteId, siteId, email, resourceId, ...contextValues(lead), now, now, ...replayParams(meta));
  return writeOnce(
    db,
    meta,
    [upsertContact(db, meta, lead, now, true), closeExpiredWindow, upsertLead],
    `SELECT id FROM leads WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND resource_id = ?`,
    [siteId, email, resourceId],
    now,
    // A notification row only for a new lead (not a repeat download) where the site opted in.
    leadOutbox(db, siteId, leadId, now),
  );
}
