import type { InquirySubmission } from "../../shared/schemas.ts";
import { CONTACT_ID, upsertContact } from "./contacts.ts";
import { CONTEXT_COLUMNS, CONTEXT_PLACEHOLDERS, contextValues } from "./event-context.ts";
import {
  ATTRIBUTION_COLUMNS,
  ATTRIBUTION_SOURCE,
  ATTRIBUTION_VALUES,
  attributionValues,
} from "./inquiry-attribution.ts";
import { inquiryOutbox } from "./notifications.ts";
import { NOT_A_REPLAY, replayParams, type SubmissionMeta, type WriteOutcome, writeOnce } from "./submissions.ts";

/** The same contact sending the same inquiry (everything typed alike) within this span is one inquiry. */
export const INQUIRY_REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Stores an inquiry unless the same one arrived within 24 h: same contact, kind and `dedupeKey`
 * (a hash of everything the visitor typed, lib/body-hash.ts). A repeat that differs in anything,
 * a preferred time included, is a new inquiry: nothing the visitor typed is dropped.
 */
export function recordInquiry(
  db: D1Database,
  meta: SubmissionMeta,
  inquiry: InquirySubmission,
  dedupeKey: string,
  now: number,
): Promise<WriteOutcome> {
  const { siteId } = meta;
  const { email, kind } = inquiry;
  const message = inquiry.message ?? "";
  const preferredTime = ("preferredTime" in inquiry && inquiry.preferredTime) || null;
  const inquiryId = crypto.randomUUID();
  const closeExpiredWindow = db
    .prepare(
      `UPDATE inquiries SET window_open = 0
       WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND kind = ? AND dedupe_key = ? AND created_at <= ?`,
    )
    .bind(siteId, email, kind, dedupeKey, now - INQUIRY_REPEAT_WINDOW_MS);
  const insertInquiry = db
    .prepare(
      `INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, dedupe_key, ${CONTEXT_COLUMNS}, created_at,
                              ${ATTRIBUTION_COLUMNS})
       SELECT ?, ?, ${CONTACT_ID}, ?, ?, ?, ?, ${CONTEXT_PLACEHOLDERS}, ?, ${ATTRIBUTION_VALUES}
       FROM ${ATTRIBUTION_SOURCE} WHERE ${NOT_A_REPLAY}
       ON CONFLICT (contact_id, kind, dedupe_key) WHERE window_open = 1 DO NOTHING
       RETURNING id, 1 AS created`,
    )
    .bind(
      inquiryId,
      siteId,
      siteId,
      email,
      kind,
      message,
      preferredTime,
      dedupeKey,
      ...contextValues(inquiry),
      now,
      ...attributionValues(siteId, email, inquiry.context.utm?.campaign || null),
      ...replayParams(meta),
    );
  return writeOnce(
    db,
    meta,
    [upsertContact(db, meta, inquiry, now), closeExpiredWindow, insertInquiry],
    `SELECT id FROM inquiries WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND kind = ? AND dedupe_key = ?`,
    [siteId, email, kind, dedupeKey],
    now,
    // The transactional outbox: a notification row only if this batch created the inquiry.
    inquiryOutbox(db, siteId, inquiryId, now),
  );
}
