/**
 * Exactly-once storage of a widget submission. Every write for one submission goes into one
 * `batch()`, which D1 runs as a single transaction, serialised with every other write to the
 * database: so "was this submission id seen before?" is answered inside the same transaction
 * that writes, and two identical requests at the same moment still leave one row.
 *
 * Submission ids are scoped by kind (a lead and an inquiry may carry the same id without one
 * answering for the other), and each stored submission keeps a hash of its body, so that a
 * retry with a different body is told apart from a real retry (IETF Idempotency-Key draft).
 */

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
}

/**
 * SQL condition, true unless this submission is already stored; bind it with `replayParams`.
 */
export const NOT_A_REPLAY =
  "NOT EXISTS (SELECT 1 FROM submissions WHERE site_id = ? AND kind = ? AND submission_id = ?)";

/** The parameters NOT_A_REPLAY binds, in order. */
export const replayParams = (s: SubmissionMeta) => [s.siteId, s.kind, s.submissionId] as const;

export type WriteOutcome =
  | {
      id: string;
      created: boolean;
      duplicate: boolean;
      conflict?: false;
      /** The outbox row written with the record (db/notifications.ts), to send to the queue. */
      notificationId?: string;
    }
  /** The submission id was stored before with a different body: nothing was written. */
  | { conflict: true };

/**
 * Runs one submission's statements, then claims the submission id for the record that
 * `recordIdSql` finds (it binds `recordIdParams`), and tells what happened.
 * `write` must be the last statement of `statements` and RETURN `id` (and `created`, 1 or 0)
 * only when it wrote for this submission. `outbox`, if given, runs after the claim in the same
 * transaction and RETURNs `notification_id` when it wrote a notification row.
 */
export async function writeOnce(
  db: D1Database,
  meta: SubmissionMeta,
  statements: D1PreparedStatement[],
  recordIdSql: string,
  recordIdParams: unknown[],
  now: number,
  outbox?: D1PreparedStatement,
): Promise<WriteOutcome> {
  const claim = db
    .prepare(
      `INSERT INTO submissions (site_id, kind, submission_id, record_id, body_hash, name, company,
         consent_version, consent_privacy_url, created_at)
       SELECT ?, ?, ?, (${recordIdSql}), ?, ?, ?, ?, ?, ? WHERE ${NOT_A_REPLAY}`,
    )
    .bind(
      ...replayParams(meta),
      ...recordIdParams,
      meta.bodyHash,
      meta.name || null,
      meta.company || null,
      meta.consent?.version ?? null,
      meta.consent?.privacyUrl ?? null,
      now,
      ...replayParams(meta),
    );
  const original = db
    .prepare("SELECT record_id, body_hash FROM submissions WHERE site_id = ? AND kind = ? AND submission_id = ?")
    .bind(...replayParams(meta));

  const results = await db.batch<{
    id?: string;
    created?: number;
    record_id?: string;
    body_hash?: string | null;
    notification_id?: string;
  }>([...statements, claim, ...(outbox ? [outbox] : []), original]);
  const written = results[statements.length - 1]?.results[0];
  if (written?.id) {
    const notificationId = outbox ? results[statements.length + 1]?.results[0]?.notification_id : undefined;
    return { id: written.id, created: written.created === 1, duplicate: written.created !== 1, notificationId };
  }
  const stored = results[results.length - 1]?.results[0];
  if (!stored?.record_id) throw new Error(`submission ${meta.submissionId} was neither written nor found`);
  // Rows from before the body hash existed cannot be compared; they count as the same body.
  if (stored.body_hash && stored.body_hash !== meta.bodyHash) return { conflict: true };
  return { id: stored.record_id, created: false, duplicate: true };
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
