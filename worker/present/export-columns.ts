// The columns of the CSV exports: one table each, header and cells side by side so they cannot
// drift apart. Times are the local wall-clock time of one zone (the site's by default), written
// `YYYY-MM-DD HH:MM:SS`: Excel (also Japanese Excel) reads that as a date and time and shows it
// as it is, whereas ISO 8601 with `T` and an offset stays text and UTC is 9 hours off in Japan.
import type { ExportValue } from "../db/export-rows.ts";
import { gradeSql } from "../db/grade.ts";
import { contacts, inquiries, leads } from "../db/schema.ts";
import { typed } from "../db/typed-contact.ts";
import { csvCell } from "../lib/csv.ts";
import { offsetAt } from "../lib/zoned-time.ts";

type Cell = string | number | null;

// An export formats two to four times per row, and asking Intl for a zone's offset costs more
// than the rest of a row. A zone's offset changes at most once within a UTC day (its changes are
// weeks apart at the least), so a day whose first and last second have the same offset has it
// throughout: one pair of asks per zone and day serves every time in it. On a day with a change,
// offsets change only at quarter-hours of UTC (every zone's transitions since 1970), so one ask
// per quarter-hour serves that day's times; a quarter-hour whose two ends differ (a transition
// that is not on one) is asked per time.
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

/** The offset of `zone` throughout each `span`-long interval of UTC, or null where its two ends differ. */
function offsetsBy(zone: string, span: number) {
  const offsets = new Map<number, number | null>();
  return (utcMs: number): number | null => {
    const n = Math.floor(utcMs / span);
    let offset = offsets.get(n);
    if (offset === undefined) {
      const start = offsetAt(zone, n * span);
      offset = start === offsetAt(zone, (n + 1) * span - 1000) ? start : null;
      offsets.set(n, offset);
    }
    return offset;
  };
}

/** A formatter of `utcMs` as the wall-clock time in `zone`, "2026-11-25 21:34:56"; null stays empty. */
export function localTimeIn(zone: string) {
  const byDay = offsetsBy(zone, DAY_MS);
  const byQuarter = offsetsBy(zone, QUARTER_HOUR_MS);
  const format = wallClock();
  return (utcMs: number | null): string | null => {
    if (utcMs === null) return null;
    return format(utcMs + (byDay(utcMs) ?? byQuarter(utcMs) ?? offsetAt(zone, utcMs)));
  };
}

/** 0000-01-01 and 10000-01-01 UTC: toISOString writes the years between with four digits (others get a sign and six). */
const FOUR_DIGIT_YEARS = [-62_167_219_200_000, 253_402_300_800_000] as const;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));

/**
 * A formatter of `local` (ms, the wall clock read as UTC) as "2026-11-25 21:34:56": the date once
 * per day from toISOString, the time from a table of two-digit strings, since building and slicing
 * an ISO string per time is most of a row's formatting. Years outside 0000-9999 take the long way.
 */
function wallClock() {
  const dates = new Map<number, string>();
  return (local: number): string => {
    if (!(local >= FOUR_DIGIT_YEARS[0] && local < FOUR_DIGIT_YEARS[1]))
      return new Date(local).toISOString().slice(0, 19).replace("T", " ");
    const day = Math.floor(local / DAY_MS);
    let date = dates.get(day);
    if (date === undefined) {
      date = new Date(day * DAY_MS).toISOString().slice(0, 11).replace("T", " ");
      dates.set(day, date);
    }
    const second = Math.floor((local - day * DAY_MS) / 1000);
    return `${date}${TWO_DIGITS[Math.floor(second / 3600)]}:${TWO_DIGITS[Math.floor(second / 60) % 60]}:${TWO_DIGITS[second % 60]}`;
  };
}

/**
 * One column of an export: its header, what it reads (db/export-rows.ts selects it), and what
 * turns the value read into the cell's value (the value as it is without one).
 */
type Column = [name: string, value: ExportValue, format?: (value: unknown) => Cell];

/**
 * An export's header, the values its SELECT reads, and a page's CSV lines from that SELECT's
 * arrays (one value per column, in order; any that follow, the keyset position, are not
 * written). Each row's cells are written over its own values and the row joined, then the
 * page's rows: the page is one flat string, which its UTF-8 encoding reads straight through (a
 * string concatenated cell by cell is a tree of short pieces, slower to build and to encode).
 * The rows are the page's own arrays: `lines` consumes them.
 */
function table(columns: Column[]) {
  const formats = columns.map(([, , format]) => format);
  const count = formats.length;
  return {
    header: columns.map(([name]) => name),
    values: columns.map(([, value]) => value),
    lines: (rows: unknown[][]): string => {
      if (rows.length === 0) return "";
      const lines = new Array<string>(rows.length + 1);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        row.length = count;
        for (let i = 0; i < count; i++) {
          const format = formats[i];
          const value = row[i];
          // join writes null as empty and numbers as String does, as csvCell would.
          if (format) row[i] = csvCell(format(value));
          else if (typeof value === "string") row[i] = csvCell(value);
        }
        lines[r] = row.join(",");
      }
      lines[rows.length] = "";
      return lines.join("\r\n");
    },
  };
}

/** A column's format for a UTC time in ms read from D1, written as the wall-clock time in `zone`. */
function timeIn(zone: string) {
  const localTime = localTimeIn(zone);
  return (value: unknown) => localTime(value as number | null);
}

const context = (t: typeof inquiries | typeof leads): Column[] => [
  ["page_url", t.pageUrl],
  ["referrer", t.referrer],
  ["locale", t.locale],
  ["utm_source", t.utmSource],
  ["utm_medium", t.utmMedium],
  ["utm_campaign", t.utmCampaign],
  ["utm_term", t.utmTerm],
  ["utm_content", t.utmContent],
];

/** The inquiries export, its times in `zone`. */
export function inquiryCsv(zone: string) {
  const time = timeIn(zone);
  return table([
    ["id", inquiries.id],
    ["created_at", inquiries.createdAt, time],
    ["kind", inquiries.kind],
    ["status", inquiries.status],
    ["assignee", inquiries.assignee],
    ["first_response_at", inquiries.firstResponseAt, time],
    ["email", contacts.email],
    // The name and company typed with the record, not its contact's (db/typed-contact.ts).
    ["name", typed("inquiries", "name")],
    ["company", typed("inquiries", "company")],
    ["verified_at", contacts.emailVerifiedAt, time],
    ["message", inquiries.message],
    ["preferred_time", inquiries.preferredTime],
    ["note", inquiries.note],
    ...context(inquiries),
    ["contact_id", contacts.id],
  ]);
}

/** The leads export, its times in `zone`, each contact's grade at `now`. */
export function leadCsv(zone: string, now: number) {
  const time = timeIn(zone);
  return table([
    ["id", leads.id],
    ["first_download_at", leads.firstSeenAt, time],
    ["last_download_at", leads.lastSeenAt, time],
    ["resource_id", leads.resourceId],
    ["download_count", leads.downloadCount],
    ["email", contacts.email],
    ["name", typed("leads", "name")],
    ["company", typed("leads", "company")],
    ["grade", gradeSql(now)],
    ["verified_at", contacts.emailVerifiedAt, time],
    ["downloaded_at", leads.downloadedAt, time],
    ...context(leads),
    ["contact_id", contacts.id],
  ]);
}
