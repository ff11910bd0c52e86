// Retention: each site keeps personal data for `sites.retention_months` (default 24), then the
// daily cron (worker/scheduled.ts) purges it. What counts as "older than the cutoff":
// - a lead whose last download is older;
// - an inquiry created before the cutoff and not followed up since (updated_at) either, so an
//   old deal still being worked on stays;
// - the follow-up history of a purged inquiry, and every submission (idempotency record)
//   received before the cutoff or made for a purged lead or inquiry;
// - a contact not updated since the cutoff once none of its leads or inquiries remain.
//
// The purge deletes in **bounded chunks**: each batch (one transaction) deletes at most
// `chunkRows` rows per table, children before parents (history and submissions, then leads and
// inquiries whose children are gone, then contacts with nothing left), so a cut-off chunk never
// leaves an orphan and no ON DELETE CASCADE fires uncounted. A site with a million expired rows
// thus never becomes one statement or one transaction that D1 would time out; the batches repeat
// until a chunk deletes less than `chunkRows` of every table, or the run's budget of chunks is
// spent (the rest goes in the next run). Each site's run leaves one `erasures` row (reason
// `retention`, counts only), kept up to date inside every chunk's transaction with `changes()`.

/** Purge conditions, each binding (site_id, cutoff) as ?1 and ?2. */
// The `first_seen_at < ?2` / `created_at < ?2` terms are implied by the rest (a row is first seen
// or created no later than it was last seen or updated) and let SQLite range-scan the (site, time)
// indexes the stats and lists already have, instead of the site's whole table.
const EXPIRED_INQUIRY = "site_id = ?1 AND created_at < ?2 AND max(created_at, coalesce(updated_at, 0)) < ?2";
const EXPIRED = {
  history: `site_id = ?1 AND inquiry_id IN (SELECT id FROM inquiries WHERE ${EXPIRED_INQUIRY})`,
  // Old ones, and those of a record purged now (a lead re-downloaded long ago, asked about recently).
  submissions: `site_id = ?1 AND (created_at < ?2
    OR (kind = 'lead' AND record_id IN (SELECT id FROM leads WHERE site_id = ?1 AND first_seen_at < ?2 AND last_seen_at < ?2))
    OR (kind = 'inquiry' AND record_id IN (SELECT id FROM inquiries WHERE ${EXPIRED_INQUIRY})))`,
  // Parents only once their children are gone (an earlier statement of the same chunk, or chunk).
  leads: `site_id = ?1 AND first_seen_at < ?2 AND last_seen_at < ?2
    AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.site_id = ?1 AND s.kind = 'lead' AND s.record_id = leads.id)`,
  inquiries: `${EXPIRED_INQUIRY}
    AND NOT EXISTS (SELECT 1 FROM inquiry_history h WHERE h.inquiry_id = inquiries.id)
    AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.site_id = ?1 AND s.kind = 'inquiry' AND s.record_id = inquiries.id)`,
  // Judged after this chunk's leads and inquiries went: nothing of the contact remains.
  contacts: `site_id = ?1 AND created_at < ?2 AND updated_at < ?2
    AND NOT EXISTS (SELECT 1 FROM leads l WHERE l.contact_id = contacts.id)
    AND NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.contact_id = contacts.id)`,
} as const;

/** The first instant kept: `months` calendar months (UTC) before `now`. */
export function retentionCutoff(now: number, months: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export interface PurgeCounts {
  contacts: number;
  leads: number;
  inquiries: number;
  submissions: number;
  history: number;
}

const TABLE = {
  contacts: "contacts",
  leads: "leads",
  inquiries: "inquiries",
  submissions: "submissions",
  history: "inquiry_history",
} as const;
type Kind = keyof typeof TABLE;
// Children before parents: history and submissions read the expired leads and inquiries; those
// go once their children are gone; contacts last, once nothing of theirs remains.
const DELETE_ORDER: Kind[] = ["history", "submissions", "leads", "inquiries", "contacts"];
// How a chunk's rows are named: `submissions` has no rowid (WITHOUT ROWID), the others an `id`.
const KEY: Record<Kind, string> = {
  contacts: "id",
  leads: "id",
  inquiries: "id",
  history: "id",
  submissions: "(site_id, kind, submission_id)",
};
const KEY_COLUMNS: Record<Kind, string> = { ...KEY, submissions: "site_id, kind, submission_id" };

/** Rows per table per chunk (one transaction): small enough for D1's per-statement limits. */
export const PURGE_CHUNK_ROWS = 1000;
/**
 * Chunks per cron run, over all sites: each chunk is 13 statements, and a Worker invocation may
 * make 1,000 D1 queries (paid plan). The cron runs hourly: 60 chunks a run purge up to 60,000
 * rows of each table an hour, on as many sites as have something expired.
 */
export const PURGE_CHUNKS_PER_RUN = 60;

/** What a purge may spend: chunks left in this run (shared by the sites, decremented). */
export interface PurgeBudget {
  chunks: number;
  chunkRows: number;
}

export const newPurgeBudget = (): PurgeBudget => ({ chunks: PURGE_CHUNKS_PER_RUN, chunkRows: PURGE_CHUNK_ROWS });

/**
 * Purges one site's data older than `cutoff`, in chunks of at most `budget.chunkRows` rows per
 * table, while `budget.chunks` lasts. Returns what went and whether the site is done (false: the
 * budget ran out first; the next run continues).
 */
export async function purgeSite(
  db: D1Database,
  siteId: string,
  cutoff: number,
  now: number,
  budget: PurgeBudget = newPurgeBudget(),
): Promise<PurgeCounts & { done: boolean }> {
  const erasureId = crypto.randomUUID();
  const counts: PurgeCounts = { contacts: 0, leads: 0, inquiries: 0, submissions: 0, history: 0 };
  const kinds = Object.keys(TABLE) as Kind[];
  const { chunkRows } = budget;
  // One erasures row for this site's run, created by the first chunk and counted by each:
  // changes() is the row count of the statement just before (the chunk's DELETE), in the same
  // transaction, so the record never disagrees with what was deleted.
  const open = db
    .prepare(
      `INSERT OR IGNORE INTO erasures (id, site_id, reason, api_key_id, erased_at, ${kinds.join(", ")})
       VALUES (?1, ?2, 'retention', NULL, ?3, ${kinds.map(() => "0").join(", ")})`,
    )
    .bind(erasureId, siteId, now);
  const steps = DELETE_ORDER.flatMap((k) => [
    db
      .prepare(
        `DELETE FROM ${TABLE[k]} WHERE ${KEY[k]} IN
           (SELECT ${KEY_COLUMNS[k]} FROM ${TABLE[k]} WHERE ${EXPIRED[k]} LIMIT ?3) RETURNING 1`,
      )
      .bind(siteId, cutoff, chunkRows),
    db.prepare(`UPDATE erasures SET ${k} = ${k} + changes() WHERE id = ?1`).bind(erasureId),
  ]);
  // Notifications older than the cutoff go with the data they were about (their stored payloads
  // hold names and e-mails); their deliveries and delivery log follow by cascade (a few rows each).
  const notifications = db
    .prepare(
      `DELETE FROM notifications WHERE id IN
         (SELECT id FROM notifications WHERE site_id = ?1 AND created_at < ?2 LIMIT ?3)`,
    )
    .bind(siteId, cutoff, chunkRows);
  // Nothing expired: no record (a run that purged nothing leaves no trace).
  const dropEmpty = db.prepare(`DELETE FROM erasures WHERE id = ?1 AND ${kinds.join(" + ")} = 0`).bind(erasureId);

  while (budget.chunks > 0) {
    budget.chunks -= 1;
    const results = await db.batch([open, ...steps, notifications, dropEmpty]);
    let full = false;
    DELETE_ORDER.forEach((k, i) => {
      // The rows the DELETE returned: D1's meta.changes also counts what its triggers wrote (the
      // search index's bookkeeping, migration 0012), changes() and RETURNING do not.
      const deleted = results[1 + 2 * i]?.results.length ?? 0;
      counts[k] += deleted;
      if (deleted >= chunkRows) full = true;
    });
    if ((results[1 + 2 * DELETE_ORDER.length]?.meta.changes ?? 0) >= chunkRows) full = true;
    if (!full) return { ...counts, done: true };
  }
  return { ...counts, done: false };
}

/**
 * The sites whose purge is due: not purged to the end since `dayStart` (a UTC day's start), in the
 * order they last had a turn (never first). A site left unfinished by a run goes to the back of
 * the line, so however many sites there are, each is reached in turn.
 */
export async function dueSites(db: D1Database, dayStart: number) {
  const { results } = await db
    .prepare(
      `SELECT id, retention_months FROM sites WHERE purged_at IS NULL OR purged_at < ?1
       ORDER BY purge_turn_at IS NOT NULL, purge_turn_at, id`,
    )
    .bind(dayStart)
    .all<{ id: string; retention_months: number }>();
  return results.map((r) => ({ siteId: r.id, months: r.retention_months }));
}

/** Sites one look-up statement checks for expired rows (their ids and cutoffs travel as one JSON parameter). */
export const CHECK_SITES = 500;

// Anything expired on the site (?1) before the cutoff (?2), read from the (site, time) indexes
// alone: leads, inquiries, contacts. Old submissions and notifications belong to expired leads
// and inquiries, and go when their site is purged; one of an inquiry still being worked on waits
// for the site's next purge.
const ANY_EXPIRED = [
  "SELECT 1 FROM leads WHERE site_id = ?1 AND first_seen_at < ?2 AND last_seen_at < ?2",
  `SELECT 1 FROM inquiries WHERE ${EXPIRED_INQUIRY}`,
  `SELECT 1 FROM contacts WHERE ${EXPIRED.contacts}`,
]
  .map((q) => `EXISTS (${q})`)
  .join(" OR ")
  .replaceAll("?1", "j.site")
  .replaceAll("?2", "j.cutoff");
const WITH_EXPIRED = `WITH j AS (SELECT value ->> 0 AS site, value ->> 1 AS cutoff FROM json_each(?1))
  SELECT site FROM j WHERE ${ANY_EXPIRED}`;

/**
 * Which of `sites` (at most CHECK_SITES, each with its cutoff) have anything expired: one
 * statement, a few index probes per site, so a site with nothing to purge costs no chunk.
 */
export async function sitesWithExpiredRows(db: D1Database, sites: { siteId: string; cutoff: number }[]) {
  const { results } = await db
    .prepare(WITH_EXPIRED)
    .bind(JSON.stringify(sites.map((s) => [s.siteId, s.cutoff])))
    .all<{ site: string }>();
  return new Set(results.map((r) => r.site));
}

/** Records a turn of the purge for `siteIds` at `now`; `done`: they have nothing expired left. */
export async function recordPurgeTurn(db: D1Database, siteIds: string[], now: number, done: boolean) {
  if (siteIds.length === 0) return;
  await db
    .prepare(
      `UPDATE sites SET purge_turn_at = ?2, purged_at = CASE WHEN ?3 THEN ?2 ELSE purged_at END
       WHERE id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(siteIds), now, done ? 1 : 0)
    .run();
}
