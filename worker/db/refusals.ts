/** Counters of refused (and bot-trapped) collect requests per site, UTC day, origin and code. */

/**
 * The origin under which refusals past a site's distinct origins of the day are counted. No
 * browser sends `Origin: *`; a caller that does is counted here too, which is what it is.
 */
export const OTHER_ORIGINS = "*";
/**
 * Distinct origins kept apart per site and UTC day. The Origin header is the caller's word:
 * without a cap, a loop with a random Origin per request wrote one row per request. Origins the
 * site lists (and requests without one) are always kept apart, also past the cap.
 */
export const MAX_ORIGINS_PER_DAY = 20;
/** Days counters are kept (the list's longest range); the daily purge deletes older ones. */
export const REFUSAL_RETENTION_DAYS = 90;

export interface RefusalCount {
  siteId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** "" when the request had no Origin header; OTHER_ORIGINS for origins past the day's cap. */
  origin: string;
  /** Whether the origin counts against MAX_ORIGINS_PER_DAY (one the site does not list). */
  capped: boolean;
  code: string;
  count: number;
  lastAt: number;
}

/**
 * Adds counts (one statement per counter, one transaction). A capped origin is kept apart when
 * it already has a row that day or the site's day has fewer than MAX_ORIGINS_PER_DAY origins;
 * otherwise it is added to the OTHER_ORIGINS row. The statements of a batch run in
 * order in one transaction, so the cap holds within a batch too.
 */
export async function addRefusals(db: D1Database, counts: RefusalCount[]): Promise<void> {
  if (!counts.length) return;
  const upsert = db.prepare(
    `INSERT INTO refusals (site_id, day, origin, code, count, last_at)
     SELECT ?1, ?2, CASE
         WHEN ?7 = 0 OR ?3 = ?8
           OR EXISTS (SELECT 1 FROM refusals WHERE site_id = ?1 AND day = ?2 AND origin = ?3)
           OR (SELECT count(DISTINCT origin) FROM refusals
               WHERE site_id = ?1 AND day = ?2 AND origin NOT IN ('', ?8)) < ?9
         THEN ?3 ELSE ?8 END,
       ?4, ?5, ?6
     WHERE true
     ON CONFLICT (site_id, day, origin, code) DO UPDATE SET
       count = refusals.count + excluded.count,
       last_at = max(refusals.last_at, excluded.last_at)`,
  );
  await db.batch(
    counts.map((r) =>
      upsert.bind(
        r.siteId,
        r.day,
        r.origin,
        r.code,
        r.count,
        r.lastAt,
        r.capped ? 1 : 0,
        OTHER_ORIGINS,
        MAX_ORIGINS_PER_DAY,
      ),
    ),
  );
}

export interface RefusalRow {
  day: string;
  origin: string;
  code: string;
  count: number;
  last_at: number;
}

/** Where a page of counters ended: the last row's key. */
export interface RefusalPosition {
  day: string;
  origin: string;
  code: string;
}

/** Origin and code pairs in the totals: the largest, when a range has more. */
export const MAX_TOTALS = 50;

/**
 * A page of a site's counters from `sinceDay` on (newest day first, then origin and code: the
 * primary key's order, so a page never shifts as counts grow), and the largest totals per origin
 * and code over the whole range; one round trip.
 */
export async function listRefusals(
  db: D1Database,
  siteId: string,
  sinceDay: string,
  limit: number,
  after: RefusalPosition | null,
) {
  const [page, totals] = await db.batch([
    db
      .prepare(
        `SELECT day, origin, code, count, last_at FROM refusals
         WHERE site_id = ?1 AND day >= ?2 AND (?3 IS NULL OR day < ?3 OR (day = ?3 AND (origin, code) > (?4, ?5)))
         ORDER BY day DESC, origin, code LIMIT ?6`,
      )
      .bind(siteId, sinceDay, after?.day ?? null, after?.origin ?? "", after?.code ?? "", limit + 1),
    db
      .prepare(
        `SELECT origin, code, sum(count) AS count FROM refusals WHERE site_id = ?1 AND day >= ?2
         GROUP BY origin, code ORDER BY count DESC, origin, code LIMIT ?3`,
      )
      .bind(siteId, sinceDay, MAX_TOTALS),
  ]);
  const rows = (page?.results ?? []) as RefusalRow[];
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    rows: rows.slice(0, limit),
    next: last ? { day: last.day, origin: last.origin, code: last.code } : null,
    totals: (totals?.results ?? []) as { origin: string; code: string; count: number }[],
  };
}

/** Deletes every site's counters older than REFUSAL_RETENTION_DAYS (the daily purge). */
export async function purgeRefusals(db: D1Database, now: number): Promise<number> {
  const firstKept = new Date(now - (REFUSAL_RETENTION_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const { meta } = await db.prepare("DELETE FROM refusals WHERE day < ?").bind(firstKept).run();
  return meta.changes;
}
