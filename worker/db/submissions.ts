/**
 * Exactly-once storage of a widget submission. Every write for one submission goes into one
 * `batch()`, which D1 runs as a single transaction, serialised with every other write to the
 * database: so "was this submission id seen before?" is answered inside the same transaction
 * that writes, and two identical requests at the same moment still leave one row.
 */

/** SQL condition, true unless this submission id is already stored; binds (site_id, submission_id). */
export const NOT_A_REPLAY = "NOT EXISTS (SELECT 1 FROM submissions WHERE site_id = ? AND submission_id = ?)";

export type WriteOutcome = { id: string; created: boolean; duplicate: boolean };

/**
 * Runs one submission's statements, then claims the submission id for the record that
 * `recordIdSql` finds (it binds `recordIdParams`), and tells what happened.
 * `write` must be the last statement of `statements` and RETURN `id` (and `created`, 1 or 0)
 * only when it wrote for this submission.
 */
export async function writeOnce(
  db: D1Database,
  siteId: string,
  submissionId: string,
  kind: "lead" | "inquiry",
  statements: D1PreparedStatement[],
  recordIdSql: string,
  recordIdParams: unknown[],
  now: number,
): Promise<WriteOutcome> {
  const claim = db
    .prepare(
      `INSERT INTO submissions (site_id, submission_id, kind, record_id, created_at)
       SELECT ?, ?, ?, (${recordIdSql}), ? WHERE ${NOT_A_REPLAY}`,
    )
    .bind(siteId, submissionId, kind, ...recordIdParams, now, siteId, submissionId);
  const original = db
    .prepare("SELECT record_id FROM submissions WHERE site_id = ? AND submission_id = ?")
    .bind(siteId, submissionId);

  const results = await db.batch<{ id?: string; created?: number; record_id?: string }>([
    ...statements,
    claim,
    original,
  ]);
  const written = results[statements.length - 1]?.results[0];
  if (written?.id) return { id: written.id, created: written.created === 1, duplicate: written.created !== 1 };
  const stored = results[results.length - 1]?.results[0]?.record_id;
  if (!stored) throw new Error(`submission ${submissionId} was neither written nor found`);
  return { id: stored, created: false, duplicate: true };
}
