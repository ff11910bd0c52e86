// The KPI queries of GET /v1/stats. Hand-written SQL rather than Drizzle: fixed-shape aggregates
// whose plans we check with EXPLAIN QUERY PLAN (bench/team-api.ts), each answered from one
// index (see migrations/0005). Every statement is scoped by site_id: no other site's row counts.

/** A contact's inquiry within this span after their first lead counts as a conversion. */
export const CONVERSION_WINDOW_MS = 30 * 86_400_000;
/** An inquiry still `new` this long after it arrived counts as unanswered. */
export const UNANSWERED_AFTER_MS = 24 * 3_600_000;
const TOP_LIMIT = 10;

export interface BucketCounts {
  leads: number;
  /** Leads whose person's address is verified (now). */
  verifiedLeads: number;
  contacts: number;
  demo: number;
  quote: number;
  contact: number;
}

export interface RangeFigures {
  buckets: BucketCounts[];
  /** Contacts whose first lead is in the range. */
  firstLeadContacts: number;
  /** Ms from first lead to the first inquiry within the window, one per converted contact, ascending. */
  conversionMs: number[];
  /** Ms from arrival to first response, one per responded inquiry, ascending. */
  responseMs: number[];
  unanswered: number;
  topResources: { resourceId: string; inquiries: number }[];
  topCampaigns: { campaign: string; inquiries: number }[];
}

/** The site's IANA time zone (sites.time_zone). */
export async function siteTimeZone(db: D1Database, siteId: string): Promise<string> {
  const row = await db.prepare("SELECT time_zone FROM sites WHERE id = ?").bind(siteId).first<{ time_zone: string }>();
  return row?.time_zone ?? "Asia/Tokyo";
}

// Spam is left out of every inquiry figure: it is neither demand nor something to answer.
const REAL_INQUIRY = "status <> 'spam'";

// The buckets travel as one JSON parameter ([[start, end], …]): D1 binds at most 100 values.
const BUCKETS_CTE = `b AS (SELECT key AS i, json_extract(value, '$[0]') AS s, json_extract(value, '$[1]') AS e
                          FROM json_each(?2))`;

// One counted index range per bucket and figure: no table rows are read. The verified leads are
// found from the site's verified people (a partial index of only them) and their leads in the
// range (leads_contact_time), once for the whole range, then counted per bucket. The inquiries are
// counted by kind in one pass over each bucket's range (a join grouped by bucket), not one range
// per kind. CROSS JOIN keeps the buckets outside: left to itself, SQLite may walk all the site's
// inquiries and match each against the buckets.
const BUCKET_COUNTS_SQL = `
  WITH ${BUCKETS_CTE},
  vl AS MATERIALIZED (
    SELECT l.first_seen_at AS t FROM contacts c INDEXED BY contacts_site_verified
    JOIN leads l INDEXED BY leads_contact_time ON l.contact_id = c.id
      AND l.first_seen_at >= (SELECT min(s) FROM b) AND l.first_seen_at < (SELECT max(e) FROM b)
    WHERE c.site_id = ?1 AND c.email_verified_at IS NOT NULL),
  inq AS (
    SELECT b.i AS i, sum(kind = 'demo') AS demo, sum(kind = 'quote') AS quote, sum(kind = 'contact') AS contact
    FROM b CROSS JOIN inquiries INDEXED BY inquiries_site_stats
      ON site_id = ?1 AND created_at >= b.s AND created_at < b.e AND ${REAL_INQUIRY}
    GROUP BY b.i)
  SELECT
    (SELECT count(*) FROM leads INDEXED BY leads_site_first_seen
     WHERE site_id = ?1 AND first_seen_at >= b.s AND first_seen_at < b.e) AS leads,
    (SELECT count(*) FROM vl WHERE t >= b.s AND t < b.e) AS verifiedLeads,
    (SELECT count(*) FROM contacts WHERE site_id = ?1 AND created_at >= b.s AND created_at < b.e) AS contacts,
    coalesce(inq.demo, 0) AS demo, coalesce(inq.quote, 0) AS quote, coalesce(inq.contact, 0) AS contact
  FROM b LEFT JOIN inq ON inq.i = b.i ORDER BY b.i`;

const FIRST_LEAD_CONTACTS_SQL = `
  SELECT count(*) AS n FROM contacts WHERE site_id = ?1 AND first_lead_at >= ?2 AND first_lead_at < ?3`;

// The values come back as one JSON array, not one row each: one value to decode instead of a row per value.
const VALUES_OF = (rows: string) => `SELECT json_group_array(ms) AS v FROM (${rows})`;

// Each inquiry carries its contact's first lead (stamped when stored, only if that lead came
// first): a contact converted if one of their inquiries came within 30 days of it.
const CONVERSION_SQL = VALUES_OF(`
  SELECT min(created_at) - first_lead_at AS ms FROM inquiries INDEXED BY inquiries_site_stats
  WHERE site_id = ?1 AND created_at >= ?2 AND created_at < ?3 + ${CONVERSION_WINDOW_MS} AND ${REAL_INQUIRY}
    AND first_lead_at >= ?2 AND first_lead_at < ?3 AND created_at < first_lead_at + ${CONVERSION_WINDOW_MS}
  GROUP BY contact_id`);

const RESPONSE_SQL = VALUES_OF(`
  SELECT first_response_at - created_at AS ms FROM inquiries INDEXED BY inquiries_site_stats
  WHERE site_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND ${REAL_INQUIRY} AND first_response_at IS NOT NULL`);

const UNANSWERED_SQL = `
  SELECT count(*) AS n FROM inquiries INDEXED BY inquiries_site_stats
  WHERE site_id = ?1 AND created_at >= ?2 AND created_at < min(?3, ?4) AND status = 'new'`;

// A resource (campaign) led to an inquiry when it is in the inquiry's stamped list. The range's
// lists are grouped first (far fewer distinct lists than inquiries; empty ones skipped), so the
// JSON of each distinct list is read once, not json_each on every inquiry of the range.
const TOP_SQL = (column: "lead_resources" | "lead_campaigns", as: string) => `
  SELECT j.value AS ${as}, sum(g.n) AS inquiries
  FROM (SELECT ${column} AS list, count(*) AS n FROM inquiries INDEXED BY inquiries_site_stats
        WHERE site_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND ${REAL_INQUIRY} AND ${column} <> '[]'
        GROUP BY ${column}) g, json_each(g.list) j
  GROUP BY j.value ORDER BY inquiries DESC, ${as} LIMIT ${TOP_LIMIT}`;

const TOP_RESOURCES_SQL = TOP_SQL("lead_resources", "resourceId");
const TOP_CAMPAIGNS_SQL = TOP_SQL("lead_campaigns", "campaign");

/** Every statement of the stats, for EXPLAIN QUERY PLAN in the benchmark. */
export const STATS_SQL = {
  bucketCounts: BUCKET_COUNTS_SQL,
  firstLeadContacts: FIRST_LEAD_CONTACTS_SQL,
  conversion: CONVERSION_SQL,
  firstResponse: RESPONSE_SQL,
  unanswered: UNANSWERED_SQL,
  topResources: TOP_RESOURCES_SQL,
  topCampaigns: TOP_CAMPAIGNS_SQL,
};

/**
 * The site's figures for `buckets` ([start, end) in UTC ms, contiguous) in one D1 round trip;
 * `now` decides which inquiries have waited 24 h.
 */
export async function readRangeFigures(
  db: D1Database,
  siteId: string,
  buckets: { start: number; end: number }[],
  now: number,
): Promise<RangeFigures> {
  const from = buckets[0]?.start ?? 0;
  const to = buckets[buckets.length - 1]?.end ?? 0;
  const range = (sql: string) => db.prepare(sql).bind(siteId, from, to);
  const [counts, firstLead, conversion, response, unanswered, resources, campaigns] = await db.batch([
    db.prepare(BUCKET_COUNTS_SQL).bind(siteId, JSON.stringify(buckets.map((b) => [b.start, b.end]))),
    range(FIRST_LEAD_CONTACTS_SQL),
    range(CONVERSION_SQL),
    range(RESPONSE_SQL),
    db.prepare(UNANSWERED_SQL).bind(siteId, from, to, now - UNANSWERED_AFTER_MS),
    range(TOP_RESOURCES_SQL),
    range(TOP_CAMPAIGNS_SQL),
  ]);
  const rows = <T>(r: D1Result | undefined) => (r?.results ?? []) as T[];
  const count = (r: D1Result | undefined) => rows<{ n: number }>(r)[0]?.n ?? 0;
  const sortedValues = (r: D1Result | undefined) =>
    (JSON.parse(rows<{ v: string }>(r)[0]?.v ?? "[]") as number[]).sort((a, b) => a - b);
  return {
    buckets: rows<BucketCounts>(counts),
    firstLeadContacts: count(firstLead),
    conversionMs: sortedValues(conversion),
    responseMs: sortedValues(response),
    unanswered: count(unanswered),
    topResources: rows(resources),
    topCampaigns: rows(campaigns),
  };
}
