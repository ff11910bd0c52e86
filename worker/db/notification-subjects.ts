// What notifications say: the inquiry or lead with its contact and the contact's earlier
// downloads, the inquiries waiting for an answer, and the sites that have somewhere to send to.
import { and, asc, eq, gte, lt, lte, ne, notExists, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { type BatchRead, mapRead, preparedRead, readsTogether } from "./batch-read.ts";
import { leadColumns } from "./contact-activity.ts";
import { inquiryColumns } from "./inquiry-list.ts";
import { leadContactColumns } from "./lead-list.ts";
import type { NotificationEvent } from "./notifications.ts";
import { type Orm, orm } from "./orm.ts";
import { contacts, inquiries, leads, notifications } from "./schema.ts";

// The team API's columns of a record and its contact (db/inquiry-list.ts, db/lead-list.ts). In a
// batch Drizzle reads rows by column name, so the contact's id is named apart from the record's.
const contactId = sql<string>`${contacts.id}`.as("contact_id");

const inquirySubjectColumns = {
  ...inquiryColumns,
  contact: { ...inquiryColumns.contact, id: contactId },
  /** The resources downloaded before it, which routing rules match on. */
  leadResources: inquiries.leadResources,
};

const leadSubjectColumns = { ...leadColumns, contact: { ...leadContactColumns, id: contactId } };

const inquirySubjectQuery = (o: Orm, id: SQLWrapper) =>
  o
    .select(inquirySubjectColumns)
    .from(inquiries)
    .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
    .where(eq(inquiries.id, id));

const leadSubjectQuery = (o: Orm, id: SQLWrapper) =>
  o
    .select(leadSubjectColumns)
    .from(leads)
    .innerJoin(contacts, eq(contacts.id, leads.contactId))
    .where(eq(leads.id, id));

const earlier = alias(leads, "earlier");

/** A download of the contact's before the record: which resource, first when, how often. */
const downloadColumns = (t: typeof leads | typeof earlier) => ({
  resourceId: t.resourceId,
  firstSeenAt: t.firstSeenAt,
  downloadCount: t.downloadCount,
});

const EARLIER_LISTED = 20;

/** The inquiry's contact's downloads up to the inquiry, oldest first. */
const inquiryDownloadsQuery = (o: Orm, id: SQLWrapper) =>
  o
    .select(downloadColumns(leads))
    .from(inquiries)
    .innerJoin(leads, and(eq(leads.contactId, inquiries.contactId), lte(leads.firstSeenAt, inquiries.createdAt)))
    .where(eq(inquiries.id, id))
    .orderBy(asc(leads.firstSeenAt))
    .limit(EARLIER_LISTED);

/** The lead's contact's other downloads up to the lead, oldest first. */
const leadDownloadsQuery = (o: Orm, id: SQLWrapper) =>
  o
    .select(downloadColumns(earlier))
    .from(leads)
    .innerJoin(
      earlier,
      and(
        eq(earlier.contactId, leads.contactId),
        lte(earlier.firstSeenAt, leads.firstSeenAt),
        ne(earlier.id, leads.id),
      ),
    )
    .where(eq(leads.id, id))
    .orderBy(asc(earlier.firstSeenAt))
    .limit(EARLIER_LISTED);

export type EarlierDownload = Awaited<ReturnType<typeof inquiryDownloadsQuery>>[number];
export type InquirySubjectRow = Awaited<ReturnType<typeof inquirySubjectQuery>>[number];
export type LeadSubjectRow = Awaited<ReturnType<typeof leadSubjectQuery>>[number];

/** The subject of a notification: a new inquiry or lead with its contact, and the contact's downloads before it. */
export type Subject =
  | {
      event: "inquiry.created";
      inquiry: InquirySubjectRow;
      downloads: EarlierDownload[];
      /** The number of the routing rule that assigned it just now (routing/apply.ts), else null. */
      assignedByRule: number | null;
    }
  | { event: "lead.created"; lead: LeadSubjectRow; downloads: EarlierDownload[] };

export type InquirySubject = Extract<Subject, { event: "inquiry.created" }>;

/** The subject id of the notification (placeholder `notificationId`) if it is of `event`. */
const subjectId = (o: Orm, event: NotificationEvent) =>
  o
    .select({ id: notifications.subjectId })
    .from(notifications)
    .where(and(eq(notifications.id, sql.placeholder("notificationId")), eq(notifications.event, event)));

const readInquiry = preparedRead((o) => inquirySubjectQuery(o, subjectId(o, "inquiry.created")));
const readInquiryDownloads = preparedRead((o) => inquiryDownloadsQuery(o, subjectId(o, "inquiry.created")));
const readLead = preparedRead((o) => leadSubjectQuery(o, subjectId(o, "lead.created")));
const readLeadDownloads = preparedRead((o) => leadDownloadsQuery(o, subjectId(o, "lead.created")));

/**
 * Reads the subject of notification `notificationId` (an inquiry or a lead, with its contact) and
 * the contact's downloads before it: four statements for the consumer's first batch, of which the
 * two of the other kind find nothing.
 */
export function subjectRead(db: D1Database, notificationId: string): BatchRead<Subject | null> {
  const reads = readsTogether({
    inquiry: readInquiry(db, { notificationId }),
    inquiryDownloads: readInquiryDownloads(db, { notificationId }),
    lead: readLead(db, { notificationId }),
    leadDownloads: readLeadDownloads(db, { notificationId }),
  });
  return mapRead(reads, (r): Subject | null => {
    const [inquiry] = r.inquiry;
    if (inquiry) return { event: "inquiry.created", inquiry, downloads: r.inquiryDownloads, assignedByRule: null };
    const [lead] = r.lead;
    return lead ? { event: "lead.created", lead, downloads: r.leadDownloads } : null;
  });
}

/** A site the crons work for: enabled, with at least one enabled webhook or the digest by mail on. */
export interface NotifiedSite {
  id: string;
  site_key: string;
  name: string;
  time_zone: string;
  language: "ja" | "en";
  stall_after_minutes: number;
  /** 1: an enabled webhook (stall reminders go there); 0: only the digest by mail. */
  has_webhook: number;
  digest_mail: "off" | "admins" | "everyone";
}

/** Every site with somewhere to send to. */
export async function notifiedSites(db: D1Database): Promise<NotifiedSite[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT s.id, s.site_key, s.name, s.time_zone, s.language, s.stall_after_minutes, s.digest_mail,
           EXISTS (SELECT 1 FROM webhooks w WHERE w.site_id = s.id AND w.disabled_at IS NULL) AS has_webhook
         FROM sites s WHERE s.disabled_at IS NULL)
       WHERE has_webhook = 1 OR digest_mail <> 'off'`,
    )
    .all<NotifiedSite>();
  return results;
}

const { email, name, company } = inquiryColumns.contact;

/** An inquiry still `new`, with its contact (the name and company typed with it). */
const waitingColumns = {
  id: inquiries.id,
  kind: inquiries.kind,
  message: inquiries.message,
  createdAt: inquiries.createdAt,
  contact: { email, name, company },
};

export type WaitingInquiry = Awaited<ReturnType<typeof waitingInquiries>>[number];

/**
 * The site's inquiries still `new` that arrived in [from, to), oldest first; with
 * `withoutReminder`, only those that have had no stall reminder yet.
 */
export async function waitingInquiries(
  db: D1Database,
  siteId: string,
  from: number,
  to: number,
  options: { withoutReminder?: boolean; limit?: number } = {},
) {
  const o = orm(db);
  const reminded = o
    .select({ one: sql`1` })
    .from(notifications)
    .where(
      and(
        eq(notifications.siteId, siteId),
        eq(notifications.event, "inquiry.stalled"),
        eq(notifications.subjectId, inquiries.id),
      ),
    );
  return o
    .select(waitingColumns)
    .from(inquiries)
    .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
    .where(
      and(
        eq(inquiries.siteId, siteId),
        gte(inquiries.createdAt, from),
        lt(inquiries.createdAt, to),
        eq(inquiries.status, "new"),
        options.withoutReminder ? notExists(reminded) : undefined,
      ),
    )
    .orderBy(asc(inquiries.createdAt))
    .limit(options.limit ?? 100);
}
