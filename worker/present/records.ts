// Rows from worker/db → the team API's JSON (and the CSV columns). Times become ISO 8601 (UTC).
import type { Touch } from "../../shared/schemas.ts";
import type { Grade } from "../../shared/team-queries.ts";
import type { InquiryActivityRow, LeadActivityRow } from "../db/contact-activity.ts";
import type { InquiryRow } from "../db/inquiry-list.ts";
import type { LeadRow } from "../db/lead-list.ts";

/** Epoch ms → ISO 8601 in UTC; null stays null. */
export const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface ContextColumns {
  pageUrl: string;
  referrer: string | null;
  locale: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  hidden: Record<string, string> | null;
}

/** A stored attribution touch with its time as ISO 8601. */
const presentTouch = (t: Touch | null) =>
  t && { landingUrl: t.landingUrl, referrer: t.referrer ?? null, utm: t.utm ?? {}, at: isoTime(t.at) };

/** The person behind a record: who, and since when their address is verified (null: not). */
export interface ContactRef {
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  verifiedAt: number | null;
}

/** A contact summary as the API shows it: `verifiedAt` as ISO 8601. */
export const presentContactRef = <T extends ContactRef>(c: T) => ({ ...c, verifiedAt: isoTime(c.verifiedAt) });

/** Where the visitor was: page, referrer, locale, UTM, first/last touch; and the hidden fields. */
export function presentContext(row: ContextColumns) {
  return {
    pageUrl: row.pageUrl,
    referrer: row.referrer,
    locale: row.locale,
    utm: {
      source: row.utmSource,
      medium: row.utmMedium,
      campaign: row.utmCampaign,
      term: row.utmTerm,
      content: row.utmContent,
    },
    attribution: { first: presentTouch(row.firstTouch), last: presentTouch(row.lastTouch) },
    hidden: row.hidden,
  };
}

/** An inquiry with its follow-up fields, context and contact. */
export function presentInquiry(row: InquiryRow) {
  return {
    ...presentInquiryActivity(row),
    assignee: row.assignee,
    note: row.note,
    updatedAt: isoTime(row.updatedAt),
    firstResponseAt: isoTime(row.firstResponseAt),
    contact: presentContactRef(row.contact),
  };
}

/** A contact with its grade (docs/api.md, "Grades"). */
export function presentContact(row: ContactRef & { grade: string; createdAt: number; updatedAt: number }) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    company: row.company,
    verifiedAt: isoTime(row.verifiedAt),
    grade: row.grade as Grade,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

/** A lead without its contact: the resource, how often and when it was downloaded, from where. */
export function presentLeadActivity(row: LeadActivityRow) {
  return {
    id: row.id,
    resourceId: row.resourceId,
    downloadCount: row.downloadCount,
    firstDownloadAt: isoTime(row.firstSeenAt),
    lastDownloadAt: isoTime(row.lastSeenAt),
    downloadedAt: isoTime(row.downloadedAt),
    context: presentContext(row),
  };
}

/** An inquiry without its contact or follow-up fields, as the contact's activity shows it. */
export function presentInquiryActivity(row: InquiryActivityRow) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    message: row.message,
    preferredTime: row.preferredTime,
    createdAt: isoTime(row.createdAt),
    context: presentContext(row),
  };
}

/** An inquiry as its notification events show it (webhooks, Slack): its fields and context, who, whose it is. */
export function presentInquiryEvent(row: InquiryActivityRow & { contact: ContactRef; assignee: string | null }) {
  return { ...presentInquiryActivity(row), contact: presentContactRef(row.contact), assignee: row.assignee };
}

/** A lead as its notification event shows it: the resource, when it was first downloaded, from where, by whom. */
export function presentLeadEvent(row: LeadActivityRow & { contact: ContactRef }) {
  return {
    id: row.id,
    resourceId: row.resourceId,
    createdAt: isoTime(row.firstSeenAt),
    context: presentContext(row),
    contact: presentContactRef(row.contact),
  };
}

/**
 * One person's leads and inquiries merged oldest first, each entry tagged with its `type` and
 * `at`. At the same instant a download comes before an inquiry (it was read before asking).
 */
export function presentTimeline(leads: LeadActivityRow[], inquiries: InquiryActivityRow[]) {
  const entries = [
    ...leads.map((row) => ({
      sortAt: row.firstSeenAt,
      order: 0,
      entry: { type: "lead" as const, at: isoTime(row.firstSeenAt), ...presentLeadActivity(row) },
    })),
    ...inquiries.map((row) => ({
      sortAt: row.createdAt,
      order: 1,
      entry: { type: "inquiry" as const, at: isoTime(row.createdAt), ...presentInquiryActivity(row) },
    })),
  ];
  entries.sort((a, b) => a.sortAt - b.sortAt || a.order - b.order);
  return entries.map((e) => e.entry);
}

/** One follow-up change: which field, from, to, when, and by which API key, member or routing rule. */
export function presentHistory(row: {
  field: string;
  from: string | null;
  to: string | null;
  at: number;
  keyId: string | null;
  keyName: string | null;
  memberId: string | null;
  memberEmail: string | null;
  memberName: string | null;
  ruleId: string | null;
  ruleNumber: number | null;
}) {
  return {
    field: row.field,
    from: row.from,
    to: row.to,
    at: isoTime(row.at),
    key: row.keyId === null ? null : { id: row.keyId, name: row.keyName },
    // A member row is never deleted (only their memberships), so the join always finds it.
    member: row.memberId === null ? null : { id: row.memberId, email: row.memberEmail ?? "", name: row.memberName },
    // "assigned by rule 3": its number when it assigned (the rule may have moved or gone since).
    rule: row.ruleId === null ? null : { id: row.ruleId, number: row.ruleNumber ?? 0 },
  };
}

/** A lead with its contact and the contact's grade. */
export function presentLead(row: LeadRow) {
  return {
    ...presentLeadActivity(row),
    contact: { ...presentContactRef(row.contact), grade: row.contact.grade as Grade },
  };
}
