import { and, count, eq, type SQLWrapper, sql } from "drizzle-orm";
import { alias, QueryBuilder } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../../shared/cursor.ts";
import type { ContactFilters } from "../../shared/team-queries.ts";
import { activityQueries, contactColumns, contactQuery } from "./contact-activity.ts";
import { contactConditions, contactSetCounts, contactTests } from "./filters.ts";
import type { Orm } from "./orm.ts";
import { toPage } from "./paging.ts";
import { type Plan, pageReading } from "./plan.ts";
import { contacts, inquiries, leads } from "./schema.ts";

const countedLeads = alias(leads, "counted_leads");
const countedInquiries = alias(inquiries, "counted_inquiries");

/** How many rows of `table` the contact has: one probe of its contact index. */
function countOf(table: typeof countedLeads | typeof countedInquiries, contactId: SQLWrapper) {
  return sql<number>`${new QueryBuilder().select({ n: count() }).from(table).where(eq(table.contactId, contactId))}`;
}

export type ContactRow = Awaited<ReturnType<typeof listContacts>>["rows"][number];

/** One page of the site's contacts (newest or oldest first by creation), with grade and counts. */
export async function listContacts(
  db: Orm,
  siteId: string,
  filters: ContactFilters,
  limit: number,
  now: number,
  cursor?: Cursor,
  /** Forces a plan (tests check both give the same rows); chosen by a capped count otherwise. */
  plan?: Plan,
) {
  const { page, by, edge } = await pageReading(
    db,
    [contacts, contacts.createdAt],
    siteId,
    filters,
    cursor,
    plan,
    () => contactSetCounts(siteId, filters, now),
    { tests: contactTests(filters) },
  );
  const rows = await db
    .select({
      ...contactColumns(now),
      leadCount: countOf(countedLeads, contacts.id),
      inquiryCount: countOf(countedInquiries, contacts.id),
    })
    .from(contacts)
    .where(and(contactConditions(siteId, filters, now, by), page.after, edge && page.upTo(edge)))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.createdAt, id: row.id }), edge);
}

/** The contact with grade, its leads and its inquiries (oldest first), in one batch; null if not on this site. */
export async function getContactDetail(db: Orm, siteId: string, contactId: string, now: number) {
  const [leadRows, inquiryRows] = activityQueries(db, siteId, contactId);
  const [[contact], leadsOfContact, inquiriesOfContact] = await db.batch([
    contactQuery(db, siteId, contactId, now),
    leadRows,
    inquiryRows,
  ]);
  return contact ? { contact, leads: leadsOfContact, inquiries: inquiriesOfContact } : null;
}
