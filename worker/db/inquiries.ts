import type { InquirySubmission } from "../../shared/schemas.ts";
import {
  CLAIM_INQUIRY,
  INQUIRY_OUTBOX,
  INSERT_INQUIRY,
  type InquiryParams,
  UPSERT_CONTACT_FOR_INQUIRY,
} from "./collect-sql.ts";
import { collectParams, mayNeedOutbox, type SubmissionMeta, type WriteOutcome, writeOnce } from "./submissions.ts";

/**
 * Stores an inquiry unless the same one arrived within the repeat window: same contact, kind and
 * `dedupeKey` (a hash of everything the visitor typed, lib/body-hash.ts). A repeat that differs
 * in anything, a preferred time included, is a new inquiry: nothing the visitor typed is dropped.
 */
export function recordInquiry(
  db: D1Database,
  meta: SubmissionMeta,
  inquiry: InquirySubmission,
  dedupeKey: string,
  now: number,
): Promise<WriteOutcome> {
  const params: InquiryParams = {
    ...collectParams(meta, inquiry, { dedupeKey }, now),
    inquiryKind: inquiry.kind,
    message: inquiry.message ?? "",
    preferredTime: ("preferredTime" in inquiry && inquiry.preferredTime) || null,
  };
  return writeOnce(
    db,
    meta,
    [UPSERT_CONTACT_FOR_INQUIRY.bind(db, params), INSERT_INQUIRY.bind(db, params)],
    CLAIM_INQUIRY.bind(db, params),
    // The transactional outbox: a notification row only if this batch created the inquiry.
    mayNeedOutbox(meta) ? INQUIRY_OUTBOX.bind(db, params) : undefined,
  );
}
