// Form analytics counters (migration 0022, docs/analytics.md): UPSERT increments written in one
// batch per isolate flush (db/form-counter.ts), and the read side of GET /v1/forms/stats and the
// views of GET /v1/stats. Every statement is scoped by site_id. The hourly retention cron deletes
// a site's counters of days older than its retention (purgeFormStats).
import { FORM_FORMS_PER_DAY, FORM_PAGES_PER_DAY } from "../../shared/form-analytics.ts";

/** One pending counter: a form on a page on a day, or (with `field`) one of its fields. */
export interface FormCount {
  siteId: string;
  /** YYYY-MM-DD in the site's time zone. */
  day: string;
  form: string;
  /** lib/form-page.ts' key, or OTHER_PAGES. */
  page: string;
  /** Null for the form's own counters (views, starts, submits). */
  field: string | null;
  views: number;
  starts: number;
  submits: number;
  errors: number;
  abandons: number;
}

/** The page key of a form's "other pages" row of a day: every page past FORM_PAGES_PER_DAY. */
export const OTHER_PAGES = "";

// The page a counter is kept under, decided in the statement (D1 serialises write transactions,
// so no two isolates can both take the last place): its own once it has a row of the form's day,
// or while the day has fewer than ?8 pages; the other pages' row otherwise. An existing row costs
// one seek; a new page counts the day's rows of the form (a range of the primary key, at most ?8).
const KEPT_PAGE = `CASE
    WHEN EXISTS (SELECT 1 FROM form_stats WHERE site_id = ?1 AND day = ?2 AND form = ?3 AND page = ?4) THEN ?4
    WHEN (SELECT count(*) FROM form_stats WHERE site_id = ?1 AND day = ?2 AND form = ?3 AND page <> '${OTHER_PAGES}') < ?8 THEN ?4
    ELSE '${OTHER_PAGES}' END`;

// A form the day has already, or one of the day's first ?9 forms (the count stops at ?9): the
// counts of any further form are dropped (FORM_FORMS_PER_DAY).
const FORM_OF_DAY = "SELECT 1 FROM form_stats WHERE site_id = ?1 AND day = ?2 AND form = ?3";
const ADD_FORM_SQL = `
  INSERT INTO form_stats (site_id, day, form, page, views, starts, submits)
  SELECT ?1, ?2, ?3, ${KEPT_PAGE}, ?5, ?6, ?7
  WHERE EXISTS (${FORM_OF_DAY})
    OR (SELECT count(*) FROM (SELECT DISTINCT form FROM form_stats WHERE site_id = ?1 AND day = ?2 LIMIT ?9)) < ?9
  ON CONFLICT (site_id, day, form, page) DO UPDATE SET
    views = views + excluded.views, starts = starts + excluded.starts, submits = submits + excluded.submits`;

// A field counter follows its form's row of the day (written first in the same batch), so a
// page's fields are kept exactly where its views are, and a form whose counts were dropped keeps
// no fields either.
const ADD_FIELD_SQL = `
  INSERT INTO form_field_stats (site_id, day, form, page, field, errors, abandons)
  SELECT ?1, ?2, ?3,
    CASE WHEN EXISTS (SELECT 1 FROM form_stats WHERE site_id = ?1 AND day = ?2 AND form = ?3 AND page = ?4) THEN ?4
    ELSE '${OTHER_PAGES}' END, ?5, ?6, ?7
  WHERE EXISTS (${FORM_OF_DAY})
  ON CONFLICT (site_id, day, form, page, field) DO UPDATE SET
    errors = errors + excluded.errors, abandons = abandons + excluded.abandons`;

/**
 * Adds the counts in one batch (one transaction): the form rows first, then the field rows,
 * each page kept or sent to the form's other pages as KEPT_PAGE decides. A field counted on a
 * page without form counts in this batch brings a zero form row, so its page is decided the same way.
 */
export async function addFormCounts(db: D1Database, counts: FormCount[]): Promise<void> {
  if (!counts.length) return;
  const pageOf = (c: FormCount) => JSON.stringify([c.siteId, c.day, c.form, c.page]);
  const forms = new Map(counts.filter((c) => c.field === null).map((c) => [pageOf(c), c]));
  const fields = counts.filter((c) => c.field !== null);
  for (const c of fields) {
    if (!forms.has(pageOf(c))) forms.set(pageOf(c), { ...c, field: null, views: 0, starts: 0, submits: 0 });
  }
  const form = db.prepare(ADD_FORM_SQL);
  const field = db.prepare(ADD_FIELD_SQL);
  await db.batch([
    ...[...forms.values()].map((c) =>
      form.bind(c.siteId, c.day, c.form, c.page, c.views, c.starts, c.submits, FORM_PAGES_PER_DAY, FORM_FORMS_PER_DAY),
    ),
    ...fields.map((c) => field.bind(c.siteId, c.day, c.form, c.page, c.field, c.errors, c.abandons)),
  ]);
}

/**
 * A stored page_url column as the counters key it (lib/form-page.ts' rule in SQL): origin + path
 * (the URL policy may keep a query string or a fragment when the site stores full URLs), trailing
 * slashes dropped but the root's.
 */
export function pageOfSql(column: string) {
  const noFragment = `substr(${column}, 1, instr(${column} || '#', '#') - 1)`;
  const path = `substr(${noFragment}, 1, instr(${noFragment} || '?', '?') - 1)`;
  // A character other than "/" after the path's first "/": not the root.
  return `CASE WHEN ${path} GLOB '*://*/*[^/]*' THEN rtrim(${path}, '/') ELSE rtrim(${path}, '/') || '/' END`;
}
const PAGE_OF = pageOfSql("page_url");

// Buckets travel as one JSON parameter ([[start, end], …], dates or ms): D1 binds at most 100 values.
const BUCKETS = `b AS (SELECT key AS i, json_extract(value, '$[0]') AS s, json_extract(value, '$[1]') AS e FROM json_each(?2))`;
// The whole range of such a parameter: the buckets are contiguous.
const RANGE = (name: string, param: string) =>
  `${name} AS (SELECT json_extract(${param}, '$[0][0]') AS s, json_extract(${param}, '$[#-1][1]') AS e)`;
// The form and page pairs the answer lists ([[form, page], …]): the later statements read only theirs.
const LISTED = `p AS (SELECT value ->> 0 AS form, value ->> 1 AS page FROM json_each(?3))`;
const IS_LISTED = "IN (SELECT form, page FROM p)";

// Every form and page pair's counters over the range (the other pages' rows left out: they are
// part of the remainder), the ?3 most viewed (pairs tied at the cut
// come too, up to ?4 in all, first by form and page). The range's rows go through one GROUP BY,
// not one per bucket and pair.
const TOP_SQL = `
  WITH ${RANGE("d", "?2")},
  totals AS (
    SELECT f.form AS form, f.page AS page, sum(f.views) AS views, sum(f.starts) AS starts, sum(f.submits) AS submits
    FROM d CROSS JOIN form_stats f ON f.site_id = ?1 AND f.day >= d.s AND f.day < d.e
    WHERE f.page <> '${OTHER_PAGES}'
    GROUP BY f.form, f.page
  )
  SELECT form, page, views, starts, submits
  FROM (SELECT *, rank() OVER (ORDER BY views DESC) AS place FROM totals)
  WHERE place <= ?3 ORDER BY views DESC, form, page LIMIT ?4`;

// Stored leads and inquiries (spam left out) per bucket, form and page; `listed`: only of the
// listed pairs' forms (a lead form's rows through its resource's index), and only their pages.
const storedSql = (listed: boolean) => `
  WITH ${BUCKETS}${listed ? `, ${LISTED}` : ""}
  SELECT * FROM (
    SELECT b.i AS i, 'lead:' || resource_id AS form, ${PAGE_OF} AS page, count(*) AS n
    FROM b CROSS JOIN leads INDEXED BY ${listed ? "leads_site_resource_time" : "leads_site_first_seen"}
      ON site_id = ?1 AND first_seen_at >= b.s AND first_seen_at < b.e${listed ? " AND resource_id IN (SELECT substr(form, 6) FROM p WHERE form LIKE 'lead:%')" : ""}
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT b.i, 'inquiry:' || kind, ${PAGE_OF}, count(*)
    FROM b CROSS JOIN inquiries INDEXED BY inquiries_site_time
      ON site_id = ?1 AND created_at >= b.s AND created_at < b.e AND status <> 'spam'${listed ? " AND kind IN (SELECT substr(form, 9) FROM p WHERE form LIKE 'inquiry:%')" : ""}
    GROUP BY 1, 2, 3
  )${listed ? ` WHERE (form, page) ${IS_LISTED}` : ""}`;
const STORED_SQL = storedSql(false);
const LISTED_STORED_SQL = storedSql(true);

// The listed pairs' counters per bucket. CROSS JOIN keeps the buckets outside, each one a range
// of the primary key.
const COUNTERS_SQL = `
  WITH ${BUCKETS}, ${LISTED}
  SELECT b.i AS i, f.form AS form, f.page AS page,
    sum(f.views) AS views, sum(f.starts) AS starts, sum(f.submits) AS submits
  FROM b CROSS JOIN form_stats f ON f.site_id = ?1 AND f.day >= b.s AND f.day < b.e
  WHERE (f.form, f.page) ${IS_LISTED}
  GROUP BY b.i, f.form, f.page`;

// The listed pairs' fields over the range: per pair, the ?4 most refused and the ?4 most often
// left last (ties at the cut kept: the caller's order picks among them), counted at least once.
// One seek per listed pair into its days of the range (migration 0027).
const FIELDS_SQL = `
  WITH ${RANGE("d", "?2")}, ${LISTED},
  sums AS (
    SELECT f.form AS form, f.page AS page, f.field AS field, sum(f.errors) AS errors, sum(f.abandons) AS abandons
    FROM d CROSS JOIN p CROSS JOIN form_field_stats f INDEXED BY form_field_stats_pair
      ON f.site_id = ?1 AND f.form = p.form AND f.page = p.page AND f.day >= d.s AND f.day < d.e
    GROUP BY f.form, f.page, f.field
  )
  SELECT form, page, field, errors, abandons FROM (
    SELECT *, rank() OVER (PARTITION BY form, page ORDER BY errors DESC) AS by_errors,
      rank() OVER (PARTITION BY form, page ORDER BY abandons DESC) AS by_abandons
    FROM sums
  ) WHERE (by_errors <= ?4 AND errors > 0) OR (by_abandons <= ?4 AND abandons > 0)`;

// Every form's counters per bucket, all its pages: what its listed pages and its remainder add up to.
const FORM_TOTALS_SQL = `
  WITH ${BUCKETS}
  SELECT b.i AS i, f.form AS form, sum(f.views) AS views, sum(f.starts) AS starts, sum(f.submits) AS submits
  FROM b CROSS JOIN form_stats f ON f.site_id = ?1 AND f.day >= b.s AND f.day < b.e
  GROUP BY b.i, f.form`;

// The stored leads and inquiries per bucket of the forms in ?3 ([form, …]), all their pages: a
// lead form's from its resource's index entries, an inquiry form's from the stats index, neither
// reading a table row.
const FORM_STORED_SQL = `
  WITH ${BUCKETS}, fs AS (SELECT value AS form FROM json_each(?3))
  SELECT b.i AS i, 'lead:' || resource_id AS form, count(*) AS n
  FROM b CROSS JOIN leads INDEXED BY leads_site_resource_time
    ON site_id = ?1 AND resource_id IN (SELECT substr(form, 6) FROM fs WHERE form LIKE 'lead:%')
      AND first_seen_at >= b.s AND first_seen_at < b.e
  GROUP BY 1, 2
  UNION ALL
  SELECT b.i, 'inquiry:' || kind, count(*)
  FROM b CROSS JOIN inquiries INDEXED BY inquiries_site_stats
    ON site_id = ?1 AND created_at >= b.s AND created_at < b.e AND status <> 'spam'
      AND kind IN (SELECT substr(form, 9) FROM fs WHERE form LIKE 'inquiry:%')
  GROUP BY 1, 2`;

/** One form and page pair's totals over the range. */
export interface FormPairRow {
  form: string;
  page: string;
  views: number;
  starts: number;
  submits: number;
  submissions: number;
}

export interface FormBucketRow {
  i: number;
  form: string;
  page: string;
  views: number;
  starts: number;
  submits: number;
}

/** A form's counters in one bucket, all its pages. */
export type FormTotalRow = Omit<FormBucketRow, "page">;

/** Stored leads or inquiries of a form (`page` absent: all its pages) in one bucket. */
export interface StoredRow {
  i: number;
  form: string;
  page?: string;
  n: number;
}

export interface FormFieldRow {
  form: string;
  page: string;
  field: string;
  errors: number;
  abandons: number;
}

/** Most viewed first, then most submissions, then by form and page. */
const byRank = (a: FormPairRow, b: FormPairRow) =>
  b.views - a.views || b.submissions - a.submissions || a.form.localeCompare(b.form) || a.page.localeCompare(b.page);

/** Pairs tied at the cut that are read before the most submitted among them is picked. */
const MAX_TIED = 1000;

/**
 * A site's `pairs` top form and page pairs of a range (most viewed, then most submissions) with
 * their totals, their counters per bucket of `days` ([first date, end date) in the site's days),
 * stored submissions per bucket of `instants` ([start, end) in UTC ms) and their `fields` top
 * fields per counter over the range; and every form's counters and stored submissions per bucket
 * (`formCounters`, `formStored`), all pages, for the remainder past the listed pages. Two round
 * trips: the counters' top pairs and the forms' totals, then only the pairs' figures per bucket,
 * so a large site's every form × page × bucket never leaves the database.
 */
export async function readFormStats(
  db: D1Database,
  siteId: string,
  days: [string, string][],
  instants: [number, number][],
  limits: { pairs: number; fields: number },
) {
  const dayList = JSON.stringify(days);
  const instantList = JSON.stringify(instants);
  const [topResult, totalsResult] = await db.batch([
    db.prepare(TOP_SQL).bind(siteId, dayList, limits.pairs, limits.pairs + MAX_TIED),
    db.prepare(FORM_TOTALS_SQL).bind(siteId, dayList),
  ]);
  const top = (topResult?.results ?? []) as Omit<FormPairRow, "submissions">[];
  const formCounters = (totalsResult?.results ?? []) as FormTotalRow[];
  // With `pairs` viewed ones among them, a pair outside them has fewer views than all of those
  // and is never listed, whatever it stored: only these pairs' submissions are read, and the
  // counted forms' totals. Otherwise every pair with stored submissions is a candidate too, and
  // the forms' totals are those pairs' sums.
  const viewedOnly = top.filter((r) => r.views > 0).length >= limits.pairs;
  const listed = JSON.stringify(top.map((r) => [r.form, r.page]));
  const counted = JSON.stringify([...new Set(formCounters.map((r) => r.form))]);
  const [counters, storedResult, fields, formStoredResult] = await db.batch([
    db.prepare(COUNTERS_SQL).bind(siteId, dayList, listed),
    viewedOnly
      ? db.prepare(LISTED_STORED_SQL).bind(siteId, instantList, listed)
      : db.prepare(STORED_SQL).bind(siteId, instantList),
    db.prepare(FIELDS_SQL).bind(siteId, dayList, listed, limits.fields),
    ...(viewedOnly ? [db.prepare(FORM_STORED_SQL).bind(siteId, instantList, counted)] : []),
  ]);
  const stored = (storedResult?.results ?? []) as Required<StoredRow>[];
  const candidates = new Map<string, FormPairRow>();
  for (const r of top) candidates.set(JSON.stringify([r.form, r.page]), { ...r, submissions: 0 });
  for (const r of stored) {
    const key = JSON.stringify([r.form, r.page]);
    let pair = candidates.get(key);
    if (!pair) {
      // Not among the counters' top pairs, so not viewed in the range.
      pair = { form: r.form, page: r.page, views: 0, starts: 0, submits: 0, submissions: 0 };
      candidates.set(key, pair);
    }
    pair.submissions += r.n;
  }
  return {
    pairs: [...candidates.values()].sort(byRank).slice(0, limits.pairs),
    counters: (counters?.results ?? []) as FormBucketRow[],
    stored,
    fields: (fields?.results ?? []) as FormFieldRow[],
    formCounters,
    formStored: viewedOnly ? ((formStoredResult?.results ?? []) as StoredRow[]) : stored,
  };
}

/** Views, starts and submit attempts of every form per bucket (`days` as in readFormStats). */
export async function readFormViews(db: D1Database, siteId: string, days: [string, string][]) {
  const { results } = await db
    .prepare(
      `WITH ${BUCKETS}
       SELECT b.i AS i, coalesce(sum(f.views), 0) AS views, coalesce(sum(f.starts), 0) AS starts,
         coalesce(sum(f.submits), 0) AS submits
       FROM b LEFT JOIN form_stats f ON f.site_id = ?1 AND f.day >= b.s AND f.day < b.e
       GROUP BY b.i ORDER BY b.i`,
    )
    .bind(siteId, JSON.stringify(days))
    .all<{ i: number; views: number; starts: number; submits: number }>();
  return results;
}

/** Rows one purge statement deletes (a bounded transaction), and statements per table and run. */
export const FORM_STATS_PURGE = { chunkRows: 5000, chunks: 20 };

// A site's counters of days before its retention cutoff: `retention_months` before now (?1, ms),
// the same months its leads and inquiries are kept (db/retention.ts), by UTC date.
const purgeSql = (table: string, key: string[]) => `
  DELETE FROM ${table} WHERE (${key.join(", ")}) IN (
    SELECT ${key.map((column) => `f.${column}`).join(", ")}
    FROM sites s CROSS JOIN ${table} f
      ON f.site_id = s.id AND f.day < date(?1 / 1000, 'unixepoch', '-' || s.retention_months || ' months')
    LIMIT ?2)`;
const PAGE_KEY = ["site_id", "day", "form", "page"];
const PURGE_FORM_SQL = purgeSql("form_stats", PAGE_KEY);
const PURGE_FIELD_SQL = purgeSql("form_field_stats", [...PAGE_KEY, "field"]);

/**
 * Deletes every site's form counters older than its retention (the retention cron): without
 * personal data, but a site's figures should not outlive the leads and inquiries they are read
 * against. Bounded statements, repeated while full; what a run leaves, the next hour's takes.
 */
export async function purgeFormStats(db: D1Database, now: number, limits = FORM_STATS_PURGE): Promise<number> {
  let deleted = 0;
  for (const sql of [PURGE_FIELD_SQL, PURGE_FORM_SQL]) {
    for (let chunk = 0; chunk < limits.chunks; chunk++) {
      const { meta } = await db.prepare(sql).bind(now, limits.chunkRows).run();
      deleted += meta.changes;
      if (meta.changes < limits.chunkRows) break;
    }
  }
  return deleted;
}
