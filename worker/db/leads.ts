import type { LeadSubmission } from "../../shared/schemas.ts";
import { CLAIM_LEAD, LEAD_OUTBOX, UPSERT_CONTACT_FOR_LEAD, UPSERT_LEAD } from "./collect-sql.ts";
import { collectParams, mayNeedOutbox, type SubmissionMeta, type WriteOutcome, writeOnce } from "./submissions.ts";

/**
 * Stores a resource download: upserts the contact, then creates the lead or, if the same
 * contact downloaded the same resource within the repeat window, counts it on the existing lead.
 */
export function recordLead(
  db: D1Database,
  meta: SubmissionMeta,
  lead: LeadSubmission,
  now: number,
): Promise<WriteOutcome> {
  const params = collectParams(meta, lead, { resourceId: lead.resourceId }, now);
  return writeOnce(
    db,
    meta,
    [UPSERT_CONTACT_FOR_LEAD.bind(db, params), UPSERT_LEAD.bind(db, params)],
    CLAIM_LEAD.bind(db, params),
    // A notification row only for a new lead (not a repeat download) where the site opted in.
    mayNeedOutbox(meta) ? LEAD_OUTBOX.bind(db, params) : undefined,
  );
}
