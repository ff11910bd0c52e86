/**
 * Exactly-once storage of a widget submission. Every write for one submission goes into one
 * `batch()`, which D1 runs as a single transaction, serialised with every other write to the
 * database: so "was this submission id seen before?" is answered inside the same transaction
 * that writes, and two identical requests at the same moment still leave one row.
 *
 * Submission ids are scoped by kind (a lead and an inquiry may carry the same id without one
 * answering for the other), and each stored submission keeps a hash of its body, so that a
 * retry with a different body is told apart from a real retry (IETF Idempotency-Key draft).
 *
 * The statements themselves are in collect-sql.ts.
 */
import type { LeadSubmission } from "../../shared/schemas.ts";
import { type CollectParams, REPEAT_WINDOW_MS } from "./collect-sql.ts";
import { contextParams } from "./event-context.ts";

export type SubmissionKind = "lead" | "inquiry";

/** One submission as the collector stores it beside its record. */
export interface SubmissionMeta {
  siteId: string;
  kind: SubmissionKind;
  submissionId: string;
  /** SHA-256 hex of the validated body (lib/body-hash.ts). */
  bodyHash: string;
  name?: string;
  company?: string;
  consent?: { version: string; privacyUrl?: string };
  /** Write the outbox row even without an enabled webhook (Site.needsInquiryOutbox). */
  needsOutbox?: boolean;
  /** The site has an enabled webhook (lib/outbox-need.ts). */
  hasWebhook: boolean;
}

export type WriteOutcome =
  | {
      id: string;
      created: boolean;
      duplicate: boolean;
      /** The submission id was stored before (a retried request), not a repeat of the record by a new submission. */
      replay?: true;
      conflict?: false;
      /** The outbox row written with the record (db/notifications.ts), to send to the queue. */
      notificationId?: string;
    }
  /** The submission id was stored before with a different body: nothing was written. */
  | { conflict: true };

/**
 * The values of a submission that every collect statement may read (collect-sql.ts), with fresh
 * ids for the rows the batch may create; `record` is what makes a repeat the same record: a
 * lead's resource, an inquiry's dedupe key.
 */
export function collectParams(
  meta: SubmissionMeta,
  submission: Pick<LeadSubmission, "email" | "context" | "hidden">,
  record: { resourceId: string } | { dedupeKey: string },
  now: number,
): CollectParams {
  const isLead = "resourceId" in record;
  return {
    site: meta.siteId,
    email: submission.email,
    now,
    windowStart: now - REPEAT_WINDOW_MS,
    submissionKind: meta.kind,
    submissionId: meta.submissionId,
    bodyHash: meta.bodyHash,
    name: meta.name || null,
    company: meta.company || null,
    consentVersion: meta.consent?.version ?? null,
    consentPrivacyUrl: meta.consent?.privacyUrl ?? null,
    contactId: crypto.randomUUID(),
    recordId: crypto.randomUUID(),
    notificationId: crypto.randomUUID(),
    outboxNeeded: meta.needsOutbox ? 1 : 0,
    hasWebhook: meta.hasWebhook ? 1 : 0,
    resourceId: isLead ? record.resourceId : null,
    dedupeKey: isLead ? null : record.dedupeKey,
    ...contextParams(submission),
  };
}

/**
 * Whether the outbox statement (4) can write anything for this submission: not when the site has
 * neither an enabled webhook nor other work for the consumer (both of its SQL conditions then
 * fail), so the batch leaves it out, one statement fewer for every site without a webhook.
 */
export const mayNeedOutbox = (meta: SubmissionMeta) => meta.hasWebhook || meta.needsOutbox === true;

/**
 * Runs one submission's statements in one batch and tells what happened. `statements` end with
 * the record's write, which must RETURN `id` (and `created`, 1 or 0) only when it wrote for this
 * submission; `claim` (CLAIM_LEAD or CLAIM_INQUIRY) follows, then `outbox`, if given, which RETURNs
 * `notification_id` when it wrote a notification row.
 */
export async function writeOnce(
  db: D1Database,
  meta: SubmissionMeta,
  statements: D1PreparedStatement[],
  claim: D1PreparedStatement,
  outbox?: D1PreparedStatement,
): Promise<WriteOutcome> {
  const results = await db.batch<{
    id?: string;
    created?: number;
    record_id?: string;
    body_hash?: string | null;
    notification_id?: string;
  }>(outbox ? [...statements, claim, outbox] : [...statements, claim]);
  const written = results[statements.length - 1]?.results[0];
  if (written?.id) {
    const notificationId = outbox ? results[statements.length + 1]?.results[0]?.notification_id : undefined;
    return { id: written.id, created: written.created === 1, duplicate: written.created !== 1, notificationId };
  }
  const stored = results[statements.length]?.results[0];
  if (!stored?.record_id) throw new Error(`submission ${meta.submissionId} was neither written nor found`);
  // Rows from before the body hash existed cannot be compared; they count as the same body.
  if (stored.body_hash && stored.body_hash !== meta.bodyHash) return { conflict: true };
  return { id: stored.record_id, created: false, duplicate: true, replay: true };
}

/**
 * Whether this submission id is already stored for the site and kind: a retry. Read before
 * anything that may only happen once per submission (a Turnstile token can be verified once).
 */
export async function isStoredSubmission(
  db: D1Database,
  siteId: string,
  kind: SubmissionKind,
  submissionId: string,
): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS stored FROM submissions WHERE site_id = ? AND kind = ? AND submission_id = ?")
    .bind(siteId, kind, submissionId)
    .first<{ stored: number }>();
  return row !== null;
}
