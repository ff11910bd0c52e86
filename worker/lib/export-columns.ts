// The columns of the CSV exports: one table each, header and cells side by side so they cannot
// drift apart. Times are ISO 8601 in UTC (unambiguous; a spreadsheet can shift them).
import type { InquiryRow } from "../db/inquiry-list.ts";
import type { LeadRow } from "../db/lead-list.ts";
import { isoTime } from "./present.ts";

type Cell = string | number | null;

function table<T>(columns: [string, (row: T) => Cell][]) {
  return { header: columns.map(([name]) => name), cells: (row: T) => columns.map(([, cell]) => cell(row)) };
}

const context = <T extends InquiryRow | LeadRow>(): [string, (row: T) => Cell][] => [
  ["page_url", (r) => r.pageUrl],
  ["referrer", (r) => r.referrer],
  ["locale", (r) => r.locale],
  ["utm_source", (r) => r.utmSource],
  ["utm_medium", (r) => r.utmMedium],
  ["utm_campaign", (r) => r.utmCampaign],
  ["utm_term", (r) => r.utmTerm],
  ["utm_content", (r) => r.utmContent],
];

export const INQUIRY_CSV = table<InquiryRow>([
  ["id", (r) => r.id],
  ["created_at", (r) => isoTime(r.createdAt)],
  ["kind", (r) => r.kind],
  ["status", (r) => r.status],
  ["assignee", (r) => r.assignee],
  ["first_response_at", (r) => isoTime(r.firstResponseAt)],
  ["email", (r) => r.contact.email],
  ["name", (r) => r.contact.name],
  ["company", (r) => r.contact.company],
  ["message", (r) => r.message],
  ["preferred_time", (r) => r.preferredTime],
  ["note", (r) => r.note],
  ...context<InquiryRow>(),
  ["contact_id", (r) => r.contact.id],
]);

export const LEAD_CSV = table<LeadRow>([
  ["id", (r) => r.id],
  ["first_download_at", (r) => isoTime(r.firstSeenAt)],
  ["last_download_at", (r) => isoTime(r.lastSeenAt)],
  ["resource_id", (r) => r.resourceId],
  ["download_count", (r) => r.downloadCount],
  ["email", (r) => r.contact.email],
  ["name", (r) => r.contact.name],
  ["company", (r) => r.contact.company],
  ["grade", (r) => r.contact.grade],
  ...context<LeadRow>(),
  ["contact_id", (r) => r.contact.id],
]);
