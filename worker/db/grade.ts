import { and, count, eq, exists, max, ne, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import type { Grade } from "../../shared/team-queries.ts";
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
