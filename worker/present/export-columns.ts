// The columns of the CSV exports: one table each, header and cells side by side so they cannot
// drift apart. Times are the local wall-clock time of one zone (the site's by default), written
// `YYYY-MM-DD HH:MM:SS`: Excel (also Japanese Excel) reads that as a date and time and shows it
// as it is, whereas ISO 8601 with `T` and an offset stays text and UTC is 9 hours off in Japan.
import type { InquiryRow } from "../db/inquiry-list.ts";
import type { LeadRow } from "../db/lead-list.ts";
import { offsetAt } from "../lib/zoned-time.ts";

type Cell = string | number | null;

// An export formats two times per row, and asking Intl for a zone's offset is most of a row's
// cost. Offsets change only at quarter-hours of UTC (every zone's transitions since 1970), so one
// ask per zone and quarter-hour serves every time in it; a quarter-hour whose two ends differ
// (a transition that is not on one) is asked per time.
const QUARTER_HOUR_MS = 900_000;

/** A formatter of `utcMs` as the wall-clock time in `zone`, "2026-11-25 21:34:56"; null stays empty. */
export function localTimeIn(zone: string) {
  const offsets = new Map<number, number | null>();
  return (utcMs: number | null): string | null => {
    if (utcMs === null) return null;
    const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const start = offsetAt(zone, quarter * QUARTER_HOUR_MS);
      offset = start === offsetAt(zone, (quarter + 1) * QUARTER_HOUR_MS - 1000) ? start : null;
      offsets.set(quarter, offset);
    }
    const local = utcMs + (offset ?? offsetAt(zone, utcMs));
    return new Date(local).toISOString().slice(0, 19).replace("T", " ");
  };
}

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

/** The inquiries export, its times in `zone`. */
export function inquiryCsv(zone: string) {
  const localTime = localTimeIn(zone);
  return table<InquiryRow>([
    ["id", (r) => r.id],
    ["created_at", (r) => localTime(r.createdAt)],
    ["kind", (r) => r.kind],
    ["status", (r) => r.status],
    ["assignee", (r) => r.assignee],
    ["first_response_at", (r) => localTime(r.firstResponseAt)],
    ["email", (r) => r.contact.email],
    ["name", (r) => r.contact.name],
    ["company", (r) => r.contact.company],
    ["verified_at", (r) => localTime(r.contact.verifiedAt)],
    ["message", (r) => r.message],
    ["preferred_time", (r) => r.preferredTime],
    ["note", (r) => r.note],
    ...context<InquiryRow>(),
    ["contact_id", (r) => r.contact.id],
  ]);
}

/** The leads export, its times in `zone`. */
export function leadCsv(zone: string) {
  const localTime = localTimeIn(zone);
  return table<LeadRow>([
    ["id", (r) => r.id],
    ["first_download_at", (r) => localTime(r.firstSeenAt)],
    ["last_download_at", (r) => localTime(r.lastSeenAt)],
    ["resource_id", (r) => r.resourceId],
    ["download_count", (r) => r.downloadCount],
    ["email", (r) => r.contact.email],
    ["name", (r) => r.contact.name],
    ["company", (r) => r.contact.company],
    ["grade", (r) => r.contact.grade],
    ["verified_at", (r) => localTime(r.contact.verifiedAt)],
    ["downloaded_at", (r) => localTime(r.downloadedAt)],
    ...context<LeadRow>(),
    ["contact_id", (r) => r.contact.id],
  ]);
}
