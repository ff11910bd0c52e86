import { and, eq } from "drizzle-orm";
import type { Cursor } from "../../shared/cursor.ts";
import type { LeadFilters } from "../../shared/team-queries.ts";
import { leadColumns } from "./contact-activity.ts";
import { contactSetCounts, leadConditions, leadRange, leadTests } from "./filters.ts";
import { gradeSql } from "./grade.ts";
import type { Orm } from "./orm.ts";
import { toPage } from "./paging.ts";
import { type Plan, pageReading } from "./plan.ts";
import { contacts, leads } from "./schema.ts";
import { typed } from "./typed-contact.ts";

/** A lead's contact; the name and company are the ones typed with this lead, not the contact's (db/typed-contact.ts). */
export const leadContactColumns = {
  id: contacts.id,
  email: contacts.email,
  name: typed("leads", "name"),
  company: typed("leads", "company"),
  verifiedAt: contacts.emailVerifiedAt,
};

/** A lead with its contact and the contact's grade at `now`. */
const leadListColumns = (now: number) => ({
  ...leadColumns,
  contact: { ...leadContactColumns, grade: gradeSql(now) },
});

export type LeadRow = Awaited<ReturnType<typeof listLeads>>["rows"][number];

/**
 * How one page of the site's leads matching `filters` is read, in `filters.sort` order after
 * `cursor`: the condition and order of its SELECT, and the edge a walk stops at (db/plan.ts).
 * The list and the CSV export select different columns with it.
 */
export async function leadPageQuery(
  db: Orm,
  siteId: string,
  filters: LeadFilters,
  now: number,
  cursor?: Cursor,
  plan?: Plan,
) {
  const { page, by, edge } = await pageReading(
    db,
    [leads, leads.firstSeenAt],
    siteId,
    filters,
    cursor,
    plan,
    () => contactSetCounts(siteId, filters, now),
    { tests: leadTests(filters), range: leadRange(filters, now) },
  );
  const where = and(leadConditions(siteId, filters, now, by), page.after, edge && page.upTo(edge));
  return { where, orderBy: page.orderBy, edge };
}

/** One page of the site's leads matching `filters`, by first download in `filters.sort` order after `cursor`. */
export async function listLeads(
  db: Orm,
  siteId: string,
  filters: LeadFilters,
  limit: number,
  now: number,
  cursor?: Cursor,
  /** Forces a plan (tests check both give the same rows); chosen by a capped count otherwise. */
  plan?: Plan,
) {
  const { where, orderBy, edge } = await leadPageQuery(db, siteId, filters, now, cursor, plan);
  const rows = await db
    .select(leadListColumns(now))
    .from(leads)
    .innerJoin(contacts, eq(contacts.id, leads.contactId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.firstSeenAt, id: row.id }), edge);
}
