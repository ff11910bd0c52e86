// A contact's activity on a site: their downloads (leads) and requests (inquiries) in time order.
// The inquiry detail shows it as the timeline ("what did this person read before asking?"), the
// contact detail as their leads and inquiries.
import { and, asc, eq, type SQLWrapper, sql } from "drizzle-orm";
import { gradeSql } from "./grade.ts";
import type { Orm } from "./orm.ts";
import { contacts, inquiries, leads } from "./schema.ts";

const contextColumns = (t: typeof leads | typeof inquiries) => ({
  pageUrl: t.pageUrl,
  referrer: t.referrer,
  locale: t.locale,
  utmSource: t.utmSource,
  utmMedium: t.utmMedium,
  utmCampaign: t.utmCampaign,
  utmTerm: t.utmTerm,
  utmContent: t.utmContent,
  firstTouch: t.firstTouch,
  lastTouch: t.lastTouch,
  hidden: t.hidden,
});

/**
 * `column = value`, with SQLite's unary `+` so the planner does not pick a `(site_id, time)` index
 * for it: the site check stays (defence in depth) while the contact's index answers the query.
 * Without it the planner may walk the whole site's leads for one person's timeline.
 */
const notForIndex = (column: SQLWrapper, value: string) => sql`+${column} = ${value}`;

/** A lead as the API shows it (without its contact). */
export const leadColumns = {
  id: leads.id,
  resourceId: leads.resourceId,
  downloadCount: leads.downloadCount,
  firstSeenAt: leads.firstSeenAt,
  lastSeenAt: leads.lastSeenAt,
  downloadedAt: leads.downloadedAt,
  ...contextColumns(leads),
};

/** An inquiry as a timeline entry. */
const timelineInquiryColumns = {
  id: inquiries.id,
  kind: inquiries.kind,
  status: inquiries.status,
  message: inquiries.message,
  preferredTime: inquiries.preferredTime,
  createdAt: inquiries.createdAt,
  ...contextColumns(inquiries),
};

/** A contact as the API shows it, with its grade at `now`. */
export const contactColumns = (now: number) => ({
  id: contacts.id,
  email: contacts.email,
  name: contacts.name,
  company: contacts.company,
  verifiedAt: contacts.emailVerifiedAt,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  grade: gradeSql(now),
});

/** The contact (an id, or SQL giving one) with its grade at `now`; `siteId` keeps other sites' contacts out. */
export function contactQuery(db: Orm, siteId: string, contactId: string | SQLWrapper, now: number) {
  return db
    .select(contactColumns(now))
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.siteId, siteId)))
    .limit(1);
}

/**
 * The contact's leads and inquiries, each oldest first (indexes leads_contact_time and
 * inquiries_contact_time). Two statements, meant for one `batch()` with the caller's others.
 */
export function activityQueries(db: Orm, siteId: string, contactId: string | SQLWrapper) {
  return [
    db
      .select(leadColumns)
      .from(leads)
      .where(and(eq(leads.contactId, contactId), notForIndex(leads.siteId, siteId)))
      .orderBy(asc(leads.firstSeenAt), asc(leads.id)),
    db
      .select(timelineInquiryColumns)
      .from(inquiries)
      .where(and(eq(inquiries.contactId, contactId), notForIndex(inquiries.siteId, siteId)))
      .orderBy(asc(inquiries.createdAt), asc(inquiries.id)),
  ] as const;
}

type Activity = ReturnType<typeof activityQueries>;
export type LeadActivityRow = Awaited<Activity[0]>[number];
export type InquiryActivityRow = Awaited<Activity[1]>[number];
