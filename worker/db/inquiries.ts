import type { InquirySubmission } from "../../shared/schemas.ts";
import { contactId, upsertContact } from "./contacts.ts";
import { CONTEXT_CAMPAIGN, CONTEXT_COLUMNS, contextPlaceholders, contextValues } from "./event-context.ts";
import { ATTRIBUTION_COLUMNS, ATTRIBUTION_VALUES, attributionSource } from "./inquiry-attribution.ts";
import { inquiryOutbox } from "./notifications.ts";
import {
  CLAIM_PARAMS,
  claimFor,
  notAReplay,
  type SubmissionMeta,
  squeeze,
  type WriteOutcome,
  writeOnce,
} from "./submissions.ts";

/**
 * The same contact sending the same inquiry (everything typed alike) within this span is one
 * inquiry. The trigger `inquiries_close_expired_window` (migrations/0010) applies it in SQL.
 */
export const INQUIRY_REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

// ?1 id, ?2 site, ?3 e-mail, ?4 kind, ?5 message, ?6 preferred time, ?7 dedupe key, ?8 now,
// ?9 submission kind, ?10 submission id, ?11… the context. An expired window of the same inquiry
// is closed by the BEFORE INSERT trigger, so the conflict below only sees one of the last 24 h.
const INSERT_INQUIRY = squeeze(`
  INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, dedupe_key, ${CONTEXT_COLUMNS},
                         created_at, ${ATTRIBUTION_COLUMNS})
  SELECT ?1, ?2, ${contactId(2, 3)}, ?4, ?5, ?6, ?7, ${contextPlaceholders(11)}, ?8, ${ATTRIBUTION_VALUES}
  FROM ${attributionSource(2, 3, 11 + CONTEXT_CAMPAIGN)} WHERE ${notAReplay(2, 9, 10)}
  ON CONFLICT (contact_id, kind, dedupe_key) WHERE window_open = 1 DO NOTHING
  RETURNING id, 1 AS created`);

// The record a claim points at: the inquiry created now or the same one of the last 24 h.
const claimInquiry = claimFor(
  `SELECT id FROM inquiries WHERE window_open = 1 AND contact_id = ${contactId(CLAIM_PARAMS + 1, CLAIM_PARAMS + 2)}
   AND kind = ?${CLAIM_PARAMS + 3} AND dedupe_key = ?${CLAIM_PARAMS + 4}`,
);

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
  const preferredTime = ("preferredTime" in inquiry && inquiry.preferredTime) || null;
  const inquiryId = crypto.randomUUID();
  const insertInquiry = db
    .prepare(INSERT_INQUIRY)
    .bind(
      inquiryId,
      siteId,
      email,
      kind,
      inquiry.message ?? "",
      preferredTime,
      dedupeKey,
      now,
      meta.kind,
      meta.submissionId,
      ...contextValues(inquiry),
    );
  return writeOnce(
    db,
    meta,
    [upsertContact(db, meta, inquiry, now, { dedupeKey }), insertInquiry],
    claimInquiry(db, meta, [siteId, email, kind, dedupeKey], now),
    // The transactional outbox: a notification row only if this batch created the inquiry.
    inquiryOutbox(db, siteId, inquiryId, now),
  );
}
