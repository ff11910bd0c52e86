// Filters of the team API's lists → Drizzle conditions. One place, so a list and its CSV export
// can never disagree on what a filter means.
import { and, eq, exists, gte, inArray, isNotNull, isNull, lt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ContactFilters, Grade, InquiryFilters, LeadFilters } from "../../shared/team-queries.ts";
import { candidateContactCount, GRADE_RECENT_MS, gradeCandidates, hasGrade, withinCandidates } from "./grade.ts";
import type { Orm } from "./orm.ts";
import { NARROW_MAX, onSite, type Plan } from "./plan.ts";
import { contacts, inquiries, leads } from "./schema.ts";
import { contactRowidsMatching, contactsMatching, matchCount, messageRowidsMatching } from "./search.ts";

// `q` and the grades but cold name candidate rows: a capped count of them chooses between
// walking the list in order and starting from them (db/plan.ts). A walk tests each row against
// the index's matches by rowid, or its contact's grade columns (the list already joins the
// contact); a narrow plan starts from the site's matching rows or graded contacts.

/** The capped count that chooses an inquiry list's plan; undefined without `q`. */
export const inquiryPlanCount = (siteId: string, f: InquiryFilters): SQL | undefined =>
  f.q ? matchCount(siteId, f.q, NARROW_MAX + 1, true) : undefined;

/** The capped count that chooses a lead list's plan: of `q`'s contacts, else of the grades' candidate contacts. */
export function leadPlanCount(siteId: string, f: LeadFilters, now: number): SQL | undefined {
  if (f.q) return matchCount(siteId, f.q, NARROW_MAX + 1, false);
  return gradePlanCount(siteId, f.grade, now);
}

/** The capped count that chooses a contact list's plan: of `q`'s contacts, else of the grades' candidates. */
export function contactPlanCount(siteId: string, f: ContactFilters, now: number): SQL | undefined {
  if (f.q) return matchCount(siteId, f.q, NARROW_MAX + 1, false);
  return gradePlanCount(siteId, f.grade, now);
}

// The grades' candidates are contacts (index ranges, see gradeCandidates): at most NARROW_MAX of
// them → start from them (a lead list from their leads, by leads_contact_time); more → walk the
// list and test each row's contact's rollup columns (no probe of its leads or inquiries).
function gradePlanCount(siteId: string, grades: readonly Grade[] | undefined, now: number): SQL | undefined {
  const parts = grades && gradeCandidates(siteId, grades, now);
  return parts && candidateContactCount(parts, NARROW_MAX + 1);
}

/** The grade condition of a list over `contacts` (joined or not) whose contact id is `contactId`. */
function gradeConditions(contactId: SQLWrapper, siteId: string, grades: readonly Grade[], now: number, plan: Plan) {
  const parts = plan === "narrow" ? gradeCandidates(siteId, grades, now) : undefined;
  return and(parts ? withinCandidates(contactId, parts) : undefined, hasGrade(grades, now));
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

/** Conditions on `inquiries` joined with `contacts`, for the key's site, read the way `plan` says. */
export function inquiryConditions(db: Orm, siteId: string, f: InquiryFilters, plan: Plan = "walk"): SQL | undefined {
  return and(
    onSite(inquiries.siteId, siteId, plan),
    f.status ? inArray(inquiries.status, f.status) : undefined,
    f.kind ? inArray(inquiries.kind, f.kind) : undefined,
    f.from !== undefined ? gte(inquiries.createdAt, f.from) : undefined,
    f.to !== undefined ? lt(inquiries.createdAt, f.to) : undefined,
    f.utm_source ? eq(inquiries.utmSource, f.utm_source) : undefined,
    f.utm_campaign ? eq(inquiries.utmCampaign, f.utm_campaign) : undefined,
    f.assignee ? eq(inquiries.assignee, f.assignee) : undefined,
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
    f.q ? inquiryMatches(siteId, f.q, plan) : undefined,
  );
}

/** Conditions on `leads` joined with `contacts`, for the key's site; grades as of `now`. */
export function leadConditions(siteId: string, f: LeadFilters, now: number, plan: Plan = "walk"): SQL | undefined {
  return and(
    onSite(leads.siteId, siteId, plan),
    f.resource ? eq(leads.resourceId, f.resource) : undefined,
    f.from !== undefined ? gte(leads.firstSeenAt, f.from) : undefined,
    f.to !== undefined ? lt(leads.firstSeenAt, f.to) : undefined,
    f.utm_source ? eq(leads.utmSource, f.utm_source) : undefined,
    f.utm_campaign ? eq(leads.utmCampaign, f.utm_campaign) : undefined,
    f.q && plan === "narrow" ? sql`${leads.contactId} IN ${contactsMatching(siteId, f.q)}` : undefined,
    f.q && plan === "walk" ? sql`${contacts}.rowid IN ${contactRowidsMatching(f.q)}` : undefined,
    f.grade ? gradeConditions(leads.contactId, siteId, f.grade, now, plan) : undefined,
    verifiedCondition(f.verified),
    // A cold contact has no download in the recent window, so neither has any of its leads: the
    // scan starts that far back instead of testing every recent lead.
    f.grade?.every((g) => g === "cold") ? lt(leads.firstSeenAt, now - GRADE_RECENT_MS) : undefined,
  );
}

/** Conditions on `contacts` of the key's site; grades as of `now`. */
export function contactConditions(
  siteId: string,
  f: ContactFilters,
  now: number,
  plan: Plan = "walk",
): SQL | undefined {
  return and(
    onSite(contacts.siteId, siteId, plan),
    f.q ? sql`${contacts}.rowid IN ${contactRowidsMatching(f.q)}` : undefined,
    f.grade ? gradeConditions(contacts.id, siteId, f.grade, now, plan) : undefined,
    verifiedCondition(f.verified),
  );
}
