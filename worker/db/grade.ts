import { and, count, eq, exists, max, ne, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import type { Grade } from "../../shared/team-queries.ts";
import { LEAD_REPEAT_WINDOW_MS } from "./leads.ts";
import { inquiries, leads } from "./schema.ts";

/** Downloads count towards the grade while the contact's last one is at most this old. */
export const GRADE_RECENT_MS = 30 * 24 * 60 * 60 * 1000;
/** This many downloads (lead rows), the last one recent, make a contact hot without an inquiry. */
export const GRADE_HOT_DOWNLOADS = 3;

// Aliased so the subqueries also correlate correctly inside a query over `leads` itself.
const gradeLeads = alias(leads, "grade_leads");
const gradeInquiries = alias(inquiries, "grade_inquiries");

/**
 * The contact's grade at `now`, as SQL (the rule in README, "Grades"): hot = any inquiry that
 * is not spam, or 3+ downloads with the last within 30 days; warm = a download within 30 days;
 * cold = otherwise. Computed when read, not stored, because it changes with time alone; each
 * part is one probe of the contact's rows (`inquiries_contact_time`, `leads_contact_time`).
 */
export function gradeSql(contactId: SQLWrapper, now: number): SQL<Grade> {
  const qb = new QueryBuilder();
  const madeInquiry = qb
    .select({ one: sql`1` })
    .from(gradeInquiries)
    .where(and(eq(gradeInquiries.contactId, contactId), ne(gradeInquiries.status, "spam")));
  const lastDownload = qb
    .select({ at: max(gradeLeads.lastSeenAt) })
    .from(gradeLeads)
    .where(eq(gradeLeads.contactId, contactId));
  const downloads = qb.select({ n: count() }).from(gradeLeads).where(eq(gradeLeads.contactId, contactId));
  return sql<Grade>`(CASE
    WHEN ${exists(madeInquiry)} THEN 'hot'
    WHEN ${lastDownload} >= ${now - GRADE_RECENT_MS}
      THEN (CASE WHEN ${downloads} >= ${GRADE_HOT_DOWNLOADS} THEN 'hot' ELSE 'warm' END)
    ELSE 'cold' END)`;
}

/**
 * SQL (a SELECT of contact ids) for the site's contacts that can have one of `grades` (a superset:
 * the grade itself is still tested), or undefined when `cold` is among them: cold is "everyone
 * else", which no index lists. Warm, and hot by downloads, need a download in the recent window;
 * hot also any contact with a non-spam inquiry. So a rare grade costs the recent downloads (and
 * the site's inquiries for hot), not a pass over every lead or contact. A lead's downloads all
 * fall within a day of its first (the repeat window), so "downloaded recently" is a range of the
 * (site, first download) index.
 */
export function gradeCandidates(siteId: string, grades: readonly Grade[], now: number): SQL | undefined {
  if (grades.includes("cold")) return undefined;
  const recent = sql`SELECT contact_id FROM leads
    WHERE site_id = ${siteId} AND first_seen_at > ${now - GRADE_RECENT_MS - LEAD_REPEAT_WINDOW_MS}
      AND last_seen_at >= ${now - GRADE_RECENT_MS}`;
  if (!grades.includes("hot")) return recent;
  return sql`${recent} UNION SELECT contact_id FROM inquiries WHERE site_id = ${siteId} AND status <> 'spam'`;
}
