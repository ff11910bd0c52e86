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
 * The batch is the collect path's cost (README, Benchmarks: it must stay ≥ 0.8× one raw INSERT):
 * each statement costs a round of (de)serialisation besides its SQL, so the statements are few
 * (contact, record, claim, outbox), bind each value once (numbered parameters), and are built
 * once per isolate with their white space squeezed out.
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

/** SQL text with its runs of white space squeezed: it travels with every batch. */
export const squeeze = (sql: string) => sql.replace(/\s+/g, " ").trim();

/**
 * SQL condition, true unless this submission is already stored, for the numbered parameters
 * holding its site, kind and id (e.g. `notAReplay(2, 3, 4)` reads ?2, ?3, ?4).
 */
export const notAReplay = (site: number, kind: number, id: number) =>
  `NOT EXISTS (SELECT 1 FROM submissions WHERE site_id = ?${site} AND kind = ?${kind} AND submission_id = ?${id})`;

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

/** The claim's own parameters are ?1–?9; a record id SQL numbers its parameters from ?10 on. */
export const CLAIM_PARAMS = 9;

/**
 * The claim statement for a record id SQL: an UPSERT that RETURNs the stored claim, this
 * submission's (new) or the earlier one's (a replay), so that no read-back statement is needed.
 */
const claimSql = (recordIdSql: string) =>
  squeeze(`INSERT INTO submissions (site_id, kind, submission_id, body_hash, name, company,
             consent_version, consent_privacy_url, created_at, record_id)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce((${recordIdSql}), ''))
           ON CONFLICT (site_id, kind, submission_id) DO UPDATE SET record_id = submissions.record_id
           RETURNING record_id, body_hash`);
// ↑ A replay's record may be gone from the open window (24 h later), so its look-up can be
// NULL; `record_id` is NOT NULL and SQLite checks that before the conflict, hence '' (never
// stored: a replay keeps its row, and a new claim always finds the record this batch wrote).
// The no-op DO UPDATE is what makes RETURNING give the earlier claim on the rare replay.

/** A claim statement builder for one kind of record, built once per isolate. */
export function claimFor(recordIdSql: string) {
  const sql = claimSql(recordIdSql);
  return (db: D1Database, meta: SubmissionMeta, recordIdParams: unknown[], now: number) =>
    db
      .prepare(sql)
      .bind(
        meta.siteId,
        meta.kind,
        meta.submissionId,
        meta.bodyHash,
        meta.name || null,
        meta.company || null,
        meta.consent?.version ?? null,
        meta.consent?.privacyUrl ?? null,
        now,
        ...recordIdParams,
      );
}

/**
 * Runs one submission's statements in one batch and tells what happened. `statements` end with
 * the record's write, which must RETURN `id` (and `created`, 1 or 0) only when it wrote for this
 * submission; `claim` (claimFor) follows, then `outbox`, if given, which RETURNs
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
