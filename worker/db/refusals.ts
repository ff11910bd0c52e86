/** Counters of refused (and bot-trapped) collect requests per site, UTC day, origin and code. */

export interface RefusalCount {
  siteId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** "" when the request had no Origin header. */
  origin: string;
  code: string;
  count: number;
  lastAt: number;
}

/** Adds counts (one statement per counter, one transaction). */
export async function addRefusals(db: D1Database, counts: RefusalCount[]): Promise<void> {
  if (!counts.length) return;
  const upsert = db.prepare(
    `INSERT INTO refusals (site_id, day, origin, code, count, last_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, day, origin, code) DO UPDATE SET
       count = refusals.count + excluded.count,
       last_at = max(refusals.last_at, excluded.last_at)`,
  );
  await db.batch(counts.map((r) => upsert.bind(r.siteId, r.day, r.origin, r.code, r.count, r.lastAt)));
}

/** A site's counters from `sinceDay` on, newest day first, largest count first within a day. */
export async function listRefusals(db: D1Database, siteId: string, sinceDay: string) {
  const { results } = await db
    .prepare(
      `SELECT day, origin, code, count, last_at FROM refusals
       WHERE site_id = ? AND day >= ? ORDER BY day DESC, count DESC, origin, code`,
    )
    .bind(siteId, sinceDay)
    .all<{ day: string; origin: string; code: string; count: number; last_at: number }>();
  return results;
}
