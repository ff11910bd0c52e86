import type { InquirySubmission } from "../../shared/schemas.ts";
import { CONTACT_ID, upsertContact } from "./contacts.ts";
import { CONTEXT_COLUMNS, CONTEXT_PLACEHOLDERS, contextValues } from "./event-context.ts";
import { NOT_A_REPLAY, type WriteOutcome, writeOnce } from "./submissions.ts";

/** The same contact sending the same kind and message within this span is one inquiry. */
export const INQUIRY_REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Stores an inquiry unless the same one (contact, kind, message) arrived within 24 h. */
export function recordInquiry(
  db: D1Database,
  siteId: string,
  inquiry: InquirySubmission,
  now: number,
): Promise<WriteOutcome> {
  const { submissionId, email, kind } = inquiry;
  const message = inquiry.message ?? "";
  const preferredTime = ("preferredTime" in inquiry && inquiry.preferredTime) || null;
  const closeExpiredWindow = db
    .prepare(
      `UPDATE inquiries SET window_open = 0
       WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND kind = ? AND message = ? AND created_at <= ?`,
    )
    .bind(siteId, email, kind, message, now - INQUIRY_REPEAT_WINDOW_MS);
  const insertInquiry = db
    .prepare(
      `INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, ${CONTEXT_COLUMNS}, created_at)
       SELECT ?, ?, ${CONTACT_ID}, ?, ?, ?, ${CONTEXT_PLACEHOLDERS}, ? WHERE ${NOT_A_REPLAY}
       ON CONFLICT (contact_id, kind, message) WHERE window_open = 1 DO NOTHING
       RETURNING id, 1 AS created`,
    )
    .bind(
      crypto.randomUUID(),
      siteId,
      siteId,
      email,
      kind,
      message,
      preferredTime,
      ...contextValues(inquiry.context),
      now,
      siteId,
      submissionId,
    );
  return writeOnce(
    db,
    siteId,
    submissionId,
    "inquiry",
    [upsertContact(db, siteId, submissionId, inquiry, now), closeExpiredWindow, insertInquiry],
    `SELECT id FROM inquiries WHERE window_open = 1 AND contact_id = ${CONTACT_ID} AND kind = ? AND message = ?`,
    [siteId, email, kind, message],
    now,
  );
}

export interface InquiryPage {
  rows: Record<string, unknown>[];
  /** Present when more rows follow; pass back as `before`. */
  next: { createdAt: number; id: string } | null;
}

/** A site's inquiries with their contact, newest first, `limit` after the `before` position. */
export async function listInquiries(
  db: D1Database,
  siteId: string,
  limit: number,
  before: { createdAt: number; id: string } | null,
): Promise<InquiryPage> {
  const { results } = await db
    .prepare(
      `SELECT i.*, c.email AS contact_email, c.name AS contact_name, c.company AS contact_company
       FROM inquiries i JOIN contacts c ON c.id = i.contact_id
       WHERE i.site_id = ?1 AND (?2 IS NULL OR (i.created_at, i.id) < (?2, ?3))
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT ?4`,
    )
    .bind(siteId, before?.createdAt ?? null, before?.id ?? null, limit + 1)
    .all<Record<string, unknown>>();
  const rows = results.slice(0, limit);
  const last = rows[rows.length - 1];
  const next = results.length > limit && last ? { createdAt: last.created_at as number, id: last.id as string } : null;
  return { rows, next };
}
