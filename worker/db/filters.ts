// Filters of the team API's lists → Drizzle conditions. One place, so a list and its CSV export
// can never disagree on what a filter means.
import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ContactFilters, InquiryFilters, LeadFilters } from "../../shared/team-queries.ts";
import { candidateContactCount, GRADE_RECENT_MS, gradeCandidates, hasGrade, withinCandidates } from "./grade.ts";
import type { Orm } from "./orm.ts";
import { NARROW_MAX, onSite, type Plan } from "./plan.ts";
import { contacts, inquiries, leads } from "./schema.ts";
import { contactRowidsMatching, contactsMatching, matchCount, messageRowidsMatching } from "./search.ts";

// `q`, the grades but cold, `verified=true` and an inquiry's `resource` (its leads) name candidate
// rows: capped counts of them choose between walking the list in order and starting from the
// smallest set (db/plan.ts). A walk tests each row against the index's matches by rowid, or its
// contact's grade or verified columns (the list already joins the contact); a narrow plan starts
// from the site's matching rows, graded or verified contacts, or the resource's leads' contacts,
// and tests the other filters on each.

/** A set of the site's inquiries an inquiry list's filter names, which the list may start from. */
export type InquirySet = "q" | "resource";

/**
 * The capped counts that choose an inquiry list's plan, one per set the filters name: `q`'s
 * matches, and the leads of `resource` (at least as many as the contacts who downloaded it, so a
 * set of at most NARROW_MAX leads is that few contacts: the list starts from their inquiries, by
 * inquiries_contact_time); none without either.
 */
export const inquiryPlanCount = (siteId: string, f: InquiryFilters): Partial<Record<InquirySet, SQL>> => ({
  q: f.q ? matchCount(siteId, f.q, NARROW_MAX + 1, true) : undefined,
  resource: f.resource
    ? sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${leads} WHERE ${resourceLeads(siteId, f.resource)} LIMIT ${NARROW_MAX + 1})`
    : undefined,
});

/** The site's leads of one resource: one range of leads_site_resource_time. */
const resourceLeads = (siteId: string, resource: string) =>
  and(eq(leads.siteId, siteId), eq(leads.resourceId, resource));

/** A set of the site's contacts a lead or contact list's filter names, which the list may start from. */
export type ContactSet = "q" | "grade" | "verified";

/** SQL: the contact whose id is `contactId` is in the set `by` that `f` names (one of contactSetCounts'). */
function inContactSet(contactId: SQLWrapper, siteId: string, f: ContactFilters, now: number, by: ContactSet): SQL {
  if (by === "q") return sql`${contactId} IN ${contactsMatching(siteId, f.q!)}`;
  if (by === "grade") return withinCandidates(contactId, gradeCandidates(siteId, f.grade!, now)!);
  return sql`${contactId} IN (${verifiedContacts(siteId)})`;
}

/**
 * The capped counts that choose a lead or contact list's plan, one per set the filters name, in
 * order of preference: `q`'s contacts, the grades' candidates (index ranges, see
 * gradeCandidates; none when cold is asked for), the verified contacts (`contacts_site_verified`,
 * a partial index of only them). The smallest set of at most NARROW_MAX contacts is started from
 * (a lead list from their leads, by leads_contact_time); more in each → walk the list and test
 * each row's contact's columns (no probe of its leads or inquiries).
 */
export function contactSetCounts(siteId: string, f: ContactFilters, now: number): Partial<Record<ContactSet, SQL>> {
  const parts = f.grade && gradeCandidates(siteId, f.grade, now);
  return {
    q: f.q ? matchCount(siteId, f.q, NARROW_MAX + 1, false) : undefined,
    grade: parts && candidateContactCount(parts, NARROW_MAX + 1),
    verified: f.verified
      ? sql`SELECT count(*) AS n FROM (${verifiedContacts(siteId)} LIMIT ${NARROW_MAX + 1})`
      : undefined,
  };
}

/** SQL: the site's contacts whose address is verified, one range of the partial index `contacts_site_verified`. */
const verifiedContacts = (siteId: string) =>
  sql`SELECT ${contacts.id} FROM ${contacts} WHERE ${and(eq(contacts.siteId, siteId), isNotNull(contacts.emailVerifiedAt))}`;

/**
 * The conditions of `f` on the contact (`contacts`, joined or the list's own, whose id is
 * `contactId`): the set `by` started from, and each other filter tested on the row.
 */
function contactStateConditions(
  contactId: SQLWrapper,
  siteId: string,
  f: ContactFilters,
  now: number,
  by?: ContactSet,
) {
  return and(
    by && inContactSet(contactId, siteId, f, now, by),
    f.q && by !== "q" ? sql`${contacts}.rowid IN ${contactRowidsMatching(f.q)}` : undefined,
    f.grade ? hasGrade(f.grade, now) : undefined,
    verifiedCondition(f.verified),
  );
}

/** `verified` on a list that has `contacts` (joined or not): the address proven, or not; undefined: either. */
const verifiedCondition = (verified: boolean | undefined) =>
  verified === undefined
    ? undefined
    : verified
      ? isNotNull(contacts.emailVerifiedAt)
      : isNull(contacts.emailVerifiedAt);

/** `q` on an inquiry: its message, or its contact's name, company or e-mail. */
function inquiryMatches(siteId: string, q: string, plan: Plan): SQL | undefined {
  const message = sql`${inquiries}.rowid IN ${messageRowidsMatching(q)}`;
  return plan === "narrow"
    ? or(message, sql`${inquiries.contactId} IN ${contactsMatching(siteId, q)}`)
    : or(message, sql`${contacts}.rowid IN ${contactRowidsMatching(q)}`);
}

const priorLeads = alias(leads, "prior_leads");

/**
 * Conditions on `inquiries` joined with `contacts`, for the key's site. `by`: the set of inquiries
 * the list starts from (a narrow plan), none for a walk.
 */
export function inquiryConditions(db: Orm, siteId: string, f: InquiryFilters, by?: InquirySet): SQL | undefined {
  return and(
    onSite(inquiries.siteId, siteId, by ? "narrow" : "walk"),
    f.status ? inArray(inquiries.status, f.status) : undefined,
    f.kind ? inArray(inquiries.kind, f.kind) : undefined,
    f.from !== undefined ? gte(inquiries.createdAt, f.from) : undefined,
    f.to !== undefined ? lt(inquiries.createdAt, f.to) : undefined,
    f.utm_source ? eq(inquiries.utmSource, f.utm_source) : undefined,
    f.utm_campaign ? eq(inquiries.utmCampaign, f.utm_campaign) : undefined,
    f.assignee ? eq(inquiries.assignee, f.assignee) : undefined,
    // Started from the resource's leads: the inquiries of the contacts who downloaded it.
    by === "resource"
      ? sql`${inquiries.contactId} IN (SELECT ${leads.contactId} FROM ${leads} WHERE ${resourceLeads(siteId, f.resource!)})`
      : undefined,
    // "Downloaded it before asking": a lead of the same contact that started no later than the inquiry.
    f.resource
      ? exists(
          db
            .select({ one: sql`1` })
            .from(priorLeads)
            .where(
              and(
                eq(priorLeads.contactId, inquiries.contactId),
                eq(priorLeads.resourceId, f.resource),
                sql`${priorLeads.firstSeenAt} <= ${inquiries.createdAt}`,
              ),
            ),
        )
      : undefined,
    f.q ? inquiryMatches(siteId, f.q, by === "q" ? "narrow" : "walk") : undefined,
  );
}

/**
 * The conditions of an inquiry list that its indexes serve besides the site: a time range, and one
 * status (`inquiries_site_status_time`; several statuses are tested on each row of the time order).
 */
export function inquiryRange(f: InquiryFilters): SQL | undefined {
  return and(
    f.status?.length === 1 ? eq(inquiries.status, f.status[0]!) : undefined,
    f.from !== undefined ? gte(inquiries.createdAt, f.from) : undefined,
    f.to !== undefined ? lt(inquiries.createdAt, f.to) : undefined,
  );
}

/** Whether an inquiry list tests rows on what no index orders them by, so that a walk of it is bounded. */
export const inquiryTests = (f: InquiryFilters) =>
  Boolean(f.kind || f.utm_source || f.utm_campaign || f.assignee || f.resource || (f.status && f.status.length > 1));

/**
 * Conditions on `leads` joined with `contacts`, for the key's site; grades as of `now`. `by`: the
 * set of contacts the list starts from (a narrow plan), none for a walk.
 */
export function leadConditions(siteId: string, f: LeadFilters, now: number, by?: ContactSet): SQL | undefined {
  return and(
    onSite(leads.siteId, siteId, by ? "narrow" : "walk"),
    leadRange(f, now),
    f.utm_source ? eq(leads.utmSource, f.utm_source) : undefined,
    f.utm_campaign ? eq(leads.utmCampaign, f.utm_campaign) : undefined,
    contactStateConditions(leads.contactId, siteId, f, now, by),
  );
}

/** The conditions of a lead list that its indexes serve besides the site: a resource, a time range. */
export function leadRange(f: LeadFilters, now: number): SQL | undefined {
  return and(
    f.resource ? eq(leads.resourceId, f.resource) : undefined,
    f.from !== undefined ? gte(leads.firstSeenAt, f.from) : undefined,
    f.to !== undefined ? lt(leads.firstSeenAt, f.to) : undefined,
    // A cold contact has no download in the recent window, so neither has any of its leads: the
    // scan starts that far back instead of testing every recent lead.
    f.grade?.every((g) => g === "cold") ? lt(leads.firstSeenAt, now - GRADE_RECENT_MS) : undefined,
  );
}

/** Whether a lead list tests rows on what no index orders them by, so that a walk of it is bounded. */
export const leadTests = (f: LeadFilters) =>
  Boolean(f.grade || f.utm_source || f.utm_campaign) || f.verified !== undefined;

/** Whether a contact list tests rows on what no index orders them by (the grade, verified). */
export const contactTests = (f: ContactFilters) => Boolean(f.grade) || f.verified !== undefined;

/** Conditions on `contacts` of the key's site; grades as of `now`; `by` as for leadConditions. */
export function contactConditions(siteId: string, f: ContactFilters, now: number, by?: ContactSet): SQL | undefined {
  return and(
    onSite(contacts.siteId, siteId, by ? "narrow" : "walk"),
    contactStateConditions(contacts.id, siteId, f, now, by),
  );
}
