import { and, eq } from "drizzle-orm";
import type { Cursor } from "../../shared/cursor.ts";
import type { InquiryFilters } from "../../shared/team-queries.ts";
import { inquiryConditions, inquiryPlanCount, inquiryRange, inquiryTests } from "./filters.ts";
import type { Orm } from "./orm.ts";
import { type Page, toPage } from "./paging.ts";
import { type Plan, pageReading } from "./plan.ts";
import { contacts, inquiries } from "./schema.ts";
import { typed } from "./typed-contact.ts";

/** Everything the API shows of an inquiry, with its contact. */
export const inquiryColumns = {
  id: inquiries.id,
  kind: inquiries.kind,
  status: inquiries.status,
  message: inquiries.message,
  preferredTime: inquiries.preferredTime,
  assignee: inquiries.assignee,
  note: inquiries.note,
  createdAt: inquiries.createdAt,
  updatedAt: inquiries.updatedAt,
  firstResponseAt: inquiries.firstResponseAt,
  pageUrl: inquiries.pageUrl,
  referrer: inquiries.referrer,
  locale: inquiries.locale,
  utmSource: inquiries.utmSource,
  utmMedium: inquiries.utmMedium,
  utmCampaign: inquiries.utmCampaign,
  utmTerm: inquiries.utmTerm,
  utmContent: inquiries.utmContent,
  firstTouch: inquiries.firstTouch,
  lastTouch: inquiries.lastTouch,
  hidden: inquiries.hidden,
  // The name and company typed with this inquiry, not the contact's (db/typed-contact.ts).
  contact: {
    id: contacts.id,
    email: contacts.email,
    name: typed("inquiries", "name"),
    company: typed("inquiries", "company"),
    verifiedAt: contacts.emailVerifiedAt,
  },
};

export type InquiryRow = Awaited<ReturnType<typeof listInquiries>>["rows"][number];

/**
 * How one page of the site's inquiries matching `filters` is read, in `filters.sort` order after
 * `cursor`: the condition and order of its SELECT, and the edge a walk stops at (db/plan.ts). The
 * list and the CSV export select different columns with it.
 */
export async function inquiryPageQuery(db: Orm, siteId: string, filters: InquiryFilters, cursor?: Cursor, plan?: Plan) {
  const { page, by, edge } = await pageReading(
    db,
    [inquiries, inquiries.createdAt],
    siteId,
    filters,
    cursor,
    plan,
    () => inquiryPlanCount(siteId, filters),
    { tests: inquiryTests(filters), range: inquiryRange(filters) },
  );
  const where = and(inquiryConditions(db, siteId, filters, by), page.after, edge && page.upTo(edge));
  return { where, orderBy: page.orderBy, edge };
}

/** One page of the site's inquiries matching `filters`, in `filters.sort` order after `cursor`. */
export async function listInquiries(
  db: Orm,
  siteId: string,
  filters: InquiryFilters,
  limit: number,
  cursor?: Cursor,
  plan?: Plan,
) {
  const { where, orderBy, edge } = await inquiryPageQuery(db, siteId, filters, cursor, plan);
  const rows = await db
    .select(inquiryColumns)
    .from(inquiries)
    .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit + 1);
  return toPage(rows, limit, (row) => ({ at: row.createdAt, id: row.id }), edge) satisfies Page<unknown>;
}
