import type { Position } from "../../shared/cursor.ts";
import {
  InquiryExportQuerySchema,
  type InquiryFilters,
  LeadExportQuerySchema,
  type LeadFilters,
} from "../../shared/team-queries.ts";
import { inquiryExportPage, leadExportPage } from "../db/export-rows.ts";
import { orm } from "../db/orm.ts";
import { siteTimeZone } from "../db/stats.ts";
import { csvStream } from "../lib/csv.ts";
import { inquiryCsv, leadCsv } from "../present/export-columns.ts";
import { describeRoute, teamRoutes, validate } from "./team-api.ts";

/**
 * Rows per D1 query while streaming: big enough to amortise what each query costs besides its
 * rows (building and compiling the SQL, the call, D1's transaction), small in memory (two pages,
 * about 2 MB of text each).
 */
export const EXPORT_PAGE_SIZE = 5000;

/** CSV exports of the key's site's records, with the list filters. */
export const csvExport = teamRoutes();

const csvHeaders = (name: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
  "cache-control": "no-store",
});

const csvDoc = (what: string, params: string) =>
  describeRoute({
    summary: `Export the site's ${what} as CSV (${params}), streamed`,
    description:
      "UTF-8 with BOM, RFC 4180 quoting, CRLF line ends; text cells starting with =, +, -, @, tab or CR are prefixed with ' (CSV injection). Times are local to `tz` (default: the site's time zone), as YYYY-MM-DD HH:MM:SS, which Excel reads as date-times.",
    tags: ["export"],
    responses: {
      200: { description: `Every matching ${what.replace(/s$/, "")}, one per line.`, contentType: "text/csv" },
    },
  });

/** The inquiries export's CSV body: the site's inquiries matching `filters`, times in `zone`. */
export function inquiriesCsvBody(
  d1: D1Database,
  siteId: string,
  filters: InquiryFilters,
  zone: string,
  pageSize = EXPORT_PAGE_SIZE,
): ReadableStream<Uint8Array> {
  const db = orm(d1);
  const columns = inquiryCsv(zone);
  return csvStream(
    columns.header,
    (after: Position | undefined) =>
      inquiryExportPage(db, siteId, filters, columns.values, pageSize, after && { sort: filters.sort, ...after }),
    columns.lines,
  );
}

/** The leads export's CSV body: the site's leads matching `filters`, times in `zone`, grades at `now`. */
export function leadsCsvBody(
  d1: D1Database,
  siteId: string,
  filters: LeadFilters,
  zone: string,
  now: number,
  pageSize = EXPORT_PAGE_SIZE,
): ReadableStream<Uint8Array> {
  const db = orm(d1);
  const columns = leadCsv(zone, now);
  return csvStream(
    columns.header,
    (after: Position | undefined) =>
      leadExportPage(db, siteId, filters, columns.values, pageSize, now, after && { sort: filters.sort, ...after }),
    columns.lines,
  );
}

csvExport.get(
  "/inquiries.csv",
  csvDoc("inquiries", "the filters of GET /v1/inquiries"),
  validate("query", InquiryExportQuerySchema),
  async (c) => {
    const filters = c.req.valid("query");
    const siteId = c.var.site.id;
    const zone = filters.tz ?? (await siteTimeZone(c.var.db, siteId));
    return new Response(inquiriesCsvBody(c.var.db, siteId, filters, zone), { headers: csvHeaders("inquiries") });
  },
);

csvExport.get(
  "/leads.csv",
  csvDoc("leads", "the filters of GET /v1/leads"),
  validate("query", LeadExportQuerySchema),
  async (c) => {
    const filters = c.req.valid("query");
    const siteId = c.var.site.id;
    // One `now` for the whole export, so a contact's grade cannot change half-way through the file.
    const now = Date.now();
    const zone = filters.tz ?? (await siteTimeZone(c.var.db, siteId));
    return new Response(leadsCsvBody(c.var.db, siteId, filters, zone, now), { headers: csvHeaders("leads") });
  },
);
