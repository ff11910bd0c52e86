import { and, eq } from "drizzle-orm";
import type { Cursor } from "../../shared/cursor.ts";
import type { LeadFilters } from "../../shared/team-queries.ts";
import { leadColumns } from "./contact-activity.ts";
import { leadConditions, leadPlanCount } from "./filters.ts";
import { gradeSql } from "./grade.ts";
import type { Orm } from "./orm.ts";
import { keyset, toPage, walkEdge } from "./paging.ts";
import { choosePlan, type Plan, WALK_MAX } from "./plan.ts";
import { contacts, leads } from "./schema.ts";
import { catchUpSearch } from "./search.ts";
import { typed } from "./typed-contact.ts";

/**
 * A lead with its contact and the contact's grade at `now`; the name and company are the ones
 * typed with this lead, not the contact's (db/typed-contact.ts).
 */
const leadListColumns = (now: number) => ({
  ...leadColumns,
  contact: {
    id: contacts.id,
    email: contacts.email,
    name: typed("leads", "name"),
    company: typed("leads", "company"),
    verifiedAt: contacts.emailVerifiedAt,
    grade: gradeSql(now),
  },
});

export type LeadRow = Awaited<ReturnType<typeof listLeads>>["rows"][number];

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
  const page = keyset(leads.firstSeenAt, leads.id, filters.sort, cursor);
  if (filters.q) await catchUpSearch(db.$client);
  const read = plan ?? (await choosePlan(db, leadPlanCount(siteId, filters, now)));
  // A walk for a grade or `verified` stops at the WALK_MAX-th lead from the cursor (see WALK_MAX):
  // no index orders leads by their contact's state, and either can be rare on a site.
  const edge =
    read === "walk" && (filters.grade || filters.verified !== undefined)
      ? await walkEdge(db, leads, leads.siteId, siteId, page, WALK_MAX)
      : undefined;
  const rows = await db
    .select(leadListColumns(now))
    .from(leads)
    .innerJoin(contacts, eq(contacts.id, leads.contactId))
    .where(and(leadConditions(siteId, filters, now, read), page.after, edge && page.upTo(edge)))
    .orderBy(...page.orderBy)
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.firstSeenAt, id: row.id }), edge);
}
