// Grades (docs/api.md, "Grades"): hot = an inquiry that is not spam, or 3+ downloads with the last
// within 30 days; warm = a download within 30 days; cold = otherwise. Computed when read from the
// contact's rollup columns (migration 0014: last download, lead count, a non-spam inquiry), which
// the collect batch's contact upsert and the triggers keep current. The grade itself is never
// stored: it changes with time alone, so "within 30 days" is a comparison with `now` here.
import { and, eq, gte, inArray, ne, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Grade } from "../../shared/team-queries.ts";
import { contacts, inquiries } from "./schema.ts";

/** Downloads count towards the grade while the contact's last one is at most this old. */
export const GRADE_RECENT_MS = 30 * 24 * 60 * 60 * 1000;
/** This many downloads (lead rows), the last one recent, make a contact hot without an inquiry. */
export const GRADE_HOT_DOWNLOADS = 3;

/** SQL: the `contacts` row downloaded within GRADE_RECENT_MS of `now`. */
const downloadedRecently = (now: number) => gte(contacts.lastDownloadAt, now - GRADE_RECENT_MS);

/** The grade at `now` of the `contacts` row in the query (a list joins it), from its rollup columns. */
export function gradeSql(now: number): SQL<Grade> {
  return sql<Grade>`(CASE
    WHEN ${contacts.hasInquiry} = 1 OR (${contacts.leadCount} >= ${GRADE_HOT_DOWNLOADS} AND ${downloadedRecently(now)})
      THEN 'hot'
    WHEN ${downloadedRecently(now)} THEN 'warm'
    ELSE 'cold' END)`;
}

/** SQL: the `contacts` row has one of `grades` at `now`. */
export const hasGrade = (grades: readonly Grade[], now: number): SQL => inArray(gradeSql(now), grades);

/**
 * SELECTs of the ids of the site's contacts with one of `grades` at `now`, each an index range:
 * warm and hot by downloads are ranges of `contacts_site_download` (site, last download ≥ now −
 * 30 days; lead count and inquiry flag read from the index), hot by inquiry the site's non-spam
 * inquiries (`inquiries_site_status_time`). Undefined when `cold` is among them: cold is
 * "everyone else", which no index lists. Hot's two parts overlap (a caller counting them gets an
 * upper bound; `IN` takes their union).
 */
export function gradeCandidates(siteId: string, grades: readonly Grade[], now: number): SQL[] | undefined {
  if (grades.includes("cold")) return undefined;
  const recent = (more: SQL) =>
    sql`SELECT ${contacts.id} FROM ${contacts} WHERE ${and(eq(contacts.siteId, siteId), downloadedRecently(now), more)}`;
  const parts: SQL[] = [];
  if (grades.includes("warm"))
    parts.push(recent(sql`${contacts.leadCount} < ${GRADE_HOT_DOWNLOADS} AND ${contacts.hasInquiry} = 0`));
  if (grades.includes("hot")) {
    parts.push(recent(sql`${contacts.leadCount} >= ${GRADE_HOT_DOWNLOADS}`));
    parts.push(
      sql`SELECT ${inquiries.contactId} FROM ${inquiries} WHERE ${and(eq(inquiries.siteId, siteId), ne(inquiries.status, "spam"))}`,
    );
  }
  return parts;
}

/** SQL: `column` (a contact id) is one of the candidates (gradeCandidates). */
export const withinCandidates = (column: SQLWrapper, parts: SQL[]): SQL =>
  sql`${column} IN (${sql.join(parts, sql` UNION `)})`;

/** SQL counting the candidates (an upper bound, see gradeCandidates), each part stopping at `cap`. */
export function candidateContactCount(parts: SQL[], cap: number): SQL {
  const counts = parts.map((part) => sql`(SELECT count(*) FROM (${part} LIMIT ${cap}))`);
  return sql`SELECT ${sql.join(counts, sql` + `)} AS n`;
}

/**
 * Recomputes the grade's rollup of the contacts that `where` selects (SQL on `contacts`), from
 * their leads and inquiries: for rows written or moved outside the collect path (the benchmark's
 * bulk seed, tests that move rows in time). The same statement as migration 0014's backfill.
 */
export const GRADE_ROLLUP_SQL = (where: string) => `UPDATE contacts SET
  last_download_at = (SELECT max(last_seen_at) FROM leads WHERE contact_id = contacts.id),
  lead_count = (SELECT count(*) FROM leads WHERE contact_id = contacts.id),
  has_inquiry = EXISTS (SELECT 1 FROM inquiries WHERE contact_id = contacts.id AND status <> 'spam')
  WHERE ${where}`;
