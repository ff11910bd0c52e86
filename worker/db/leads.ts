import type { LeadSubmission } from "../../shared/schemas.ts";
import { contactId, upsertContact } from "./contacts.ts";
import { CONTEXT_COLUMNS, contextPlaceholders, contextValues } from "./event-context.ts";
import { leadOutbox } from "./notifications.ts";
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
 * Repeat downloads within this span of a lead's first download count on that lead. The trigger
 * `leads_close_expired_window` (migrations/0010) applies it in SQL.
 */
export const LEAD_REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

// ?1 id, ?2 site, ?3 e-mail, ?4 resource, ?5 now, ?6 submission kind, ?7 submission id, ?8… the
// context. A window older than 24 h is closed by the BEFORE INSERT trigger first, so the upsert
// then starts a new lead.
const UPSERT_LEAD = squeeze(`
  INSERT INTO leads (id, site_id, contact_id, resource_id, ${CONTEXT_COLUMNS}, first_seen_at, last_seen_at)
  SELECT ?1, ?2, ${contactId(2, 3)}, ?4, ${contextPlaceholders(8)}, ?5, ?5 WHERE ${notAReplay(2, 6, 7)}
  ON CONFLICT (contact_id, resource_id) WHERE window_open = 1 DO UPDATE SET
    download_count = download_count + 1,
    last_seen_at = excluded.last_seen_at
  RETURNING id, download_count = 1 AS created`);

// The record a claim points at: the lead of this resource whose window is open.
const claimLead = claimFor(
  `SELECT id FROM leads WHERE window_open = 1 AND contact_id = ${contactId(CLAIM_PARAMS + 1, CLAIM_PARAMS + 2)}
   AND resource_id = ?${CLAIM_PARAMS + 3}`,
);

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
  const upsertLead = db
    .prepare(UPSERT_LEAD)
    .bind(leadId, siteId, email, resourceId, now, meta.kind, meta.submissionId, ...contextValues(lead));
  return writeOnce(
    db,
    meta,
    [upsertContact(db, meta, lead, now, { resourceId }), upsertLead],
    claimLead(db, meta, [siteId, email, resourceId], now),
    // A notification row only for a new lead (not a repeat download) where the site opted in.
    leadOutbox(db, siteId, leadId, now),
  );
}
