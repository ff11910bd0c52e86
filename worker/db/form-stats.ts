// Form analytics counters (migration 0022, docs/analytics.md): UPSERT increments written in one
// batch per isolate flush (db/form-counter.ts), and the read side of GET /v1/forms/stats and the
// views of GET /v1/stats. Every statement is scoped by site_id. No retention purge: the rows
// are aggregates without personal data (they go with their site).

/** One pending counter: a form on a page on a day, or (with `field`) one of its fields. */
export interface FormCount {
  siteId: string;
  /** YYYY-MM-DD in the site's time zone. */
  day: string;
  form: string;
  page: string;
  /** Null for the form's own counters (views, starts, submits). */
  field: string | null;
  views: number;
  starts: number;
  submits: number;
  errors: number;
  abandons: number;
}

const ADD_FORM_SQL = `
  INSERT INTO form_stats (site_id, day, form, page, views, starts, submits) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
  ON CONFLICT (site_id, day, form, page) DO UPDATE SET
    views = views + excluded.views, starts = starts + excluded.starts, submits = submits + excluded.submits`;

const ADD_FIELD_SQL = `
  INSERT INTO form_field_stats (site_id, day, form, page, field, errors, abandons) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
  ON CONFLICT (site_id, day, form, page, field) DO UPDATE SET
    errors = errors + excluded.errors, abandons = abandons + excluded.abandons`;

/** Adds the counts: one statement per counter, one batch (one transaction). */
export async function addFormCounts(db: D1Database, counts: FormCount[]): Promise<void> {
  if (!counts.length) return;
  const form = db.prepare(ADD_FORM_SQL);
  const field = db.prepare(ADD_FIELD_SQL);
  await db.batch(
    counts.map((c) =>
      c.field === null
        ? form.bind(c.siteId, c.day, c.form, c.page, c.views, c.starts, c.submits)
        : field.bind(c.siteId, c.day, c.form, c.page, c.field, c.errors, c.abandons),
    ),
  );
}

// A stored page_url as the counters key it: origin + path (the URL policy may keep a query
// string or a fragment when the site stores full URLs).
const NO_FRAGMENT = "substr(page_url, 1, instr(page_url || '#', '#') - 1)";
const PAGE_OF = `substr(${NO_FRAGMENT}, 1, instr(${NO_FRAGMENT} || '?', '?') - 1)`;

// Buckets travel as one JSON parameter ([[start, end], …], dates or ms): D1 binds at most 100 values.
const BUCKETS = `b AS (SELECT key AS i, json_extract(value, '$[0]') AS s, json_extract(value, '$[1]') AS e FROM json_each(?2))`;

// The most viewed form and page pairs of the range, then their counters per bucket. CROSS JOIN
// keeps the buckets outside, each one a range of the primary key.
const COUNTERS_SQL = `
  WITH ${BUCKETS}
  SELECT b.i AS i, f.form AS form, f.page AS page,
    sum(f.views) AS views, sum(f.starts) AS starts, sum(f.submits) AS submits
  FROM b CROSS JOIN form_stats f ON f.site_id = ?1 AND f.day >= b.s AND f.day < b.e
  GROUP BY b.i, f.form, f.page`;

// Stored leads and inquiries (spam left out) per bucket, form and page.
const STORED_SQL = `
  WITH ${BUCKETS}
  SELECT b.i AS i, 'lead:' || resource_id AS form, ${PAGE_OF} AS page, count(*) AS n
  FROM b CROSS JOIN leads INDEXED BY leads_site_first_seen
    ON site_id = ?1 AND first_seen_at >= b.s AND first_seen_at < b.e
  GROUP BY 1, 2, 3
  UNION ALL
  SELECT b.i, 'inquiry:' || kind, ${PAGE_OF}, count(*)
  FROM b CROSS JOIN inquiries INDEXED BY inquiries_site_time
    ON site_id = ?1 AND created_at >= b.s AND created_at < b.e AND status <> 'spam'
  GROUP BY 1, 2, 3`;

const FIELDS_SQL = `
  SELECT form, page, field, sum(errors) AS errors, sum(abandons) AS abandons FROM form_field_stats
  WHERE site_id = ?1 AND day >= ?2 AND day < ?3
  GROUP BY form, page, field`;

export interface FormBucketRow {
  i: number;
  form: string;
  page: string;
  views: number;
  starts: number;
  submits: number;
}

export interface FormFieldRow {
  form: string;
  page: string;
  field: string;
  errors: number;
  abandons: number;
}

/**
 * A site's form counters per bucket (`days`: [first date, end date) in the site's days), stored
 * submissions per bucket (`instants`: [start, end) in UTC ms) and field counters over the range;
 * one round trip.
 */
export async function readFormStats(
  db: D1Database,
  siteId: string,
  days: [string, string][],
  instants: [number, number][],
) {
  const [counters, stored, fields] = await db.batch([
    db.prepare(COUNTERS_SQL).bind(siteId, JSON.stringify(days)),
    db.prepare(STORED_SQL).bind(siteId, JSON.stringify(instants)),
    db.prepare(FIELDS_SQL).bind(siteId, days[0]?.[0] ?? "", days[days.length - 1]?.[1] ?? ""),
  ]);
  return {
    counters: (counters?.results ?? []) as FormBucketRow[],
    stored: (stored?.results ?? []) as { i: number; form: string; page: string; n: number }[],
    fields: (fields?.results ?? []) as FormFieldRow[],
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
