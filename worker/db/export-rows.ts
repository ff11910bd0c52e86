// The rows of the CSV exports, a page at a time, with the lists' filters, order and paging
// (leadPageQuery, inquiryPageQuery) but only the columns the file has, each row an array of
// their values as D1 returns them: an export of 100,000 rows builds no object per row.
import { eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor } from "../../shared/cursor.ts";
import type { InquiryFilters, LeadFilters } from "../../shared/team-queries.ts";
import { inquiryPageQuery } from "./inquiry-list.ts";
import { leadPageQuery } from "./lead-list.ts";
import type { Orm } from "./orm.ts";
import { type Page, toPage } from "./paging.ts";
import { contacts, inquiries, leads } from "./schema.ts";

/** What an export reads per row: a column of the record or its contact, or SQL over them. */
export type ExportValue = SQLiteColumn | SQL;

/**
 * The SELECT of `values` in order (Drizzle returns fields in the order of the object's keys), and
 * where a row's keyset position (time, id) is, which the next page starts after: the values' own
 * columns when the file has them (it has the id and the time as a raw value), else appended.
 */
function selection(values: readonly ExportValue[], time: SQLiteColumn, id: SQLiteColumn) {
  const fields: Record<string, ExportValue> = {};
  const columns = [...values];
  const at = (column: SQLiteColumn) => {
    const found = columns.indexOf(column);
    return found >= 0 ? found : columns.push(column) - 1;
  };
  const timeAt = at(time);
  const idAt = at(id);
  columns.forEach((value, i) => {
    fields[`v${i}`] = value;
  });
  return { fields, position: (row: unknown[]) => ({ at: row[timeAt] as number, id: row[idAt] as string }) };
}

/** One page of the site's leads matching `filters` (their contact joined), each row the values of `values`, in order. */
export async function leadExportPage(
  db: Orm,
  siteId: string,
  filters: LeadFilters,
  values: readonly ExportValue[],
  limit: number,
  now: number,
  cursor?: Cursor,
): Promise<Page<unknown[]>> {
  const { where, orderBy, edge } = await leadPageQuery(db, siteId, filters, now, cursor);
  const { fields, position } = selection(values, leads.firstSeenAt, leads.id);
  const rows = await db
    .select(fields)
    .from(leads)
    .innerJoin(contacts, eq(contacts.id, leads.contactId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit + 1)
    .values();
  return toPage(rows, limit, position, edge);
}

/** One page of the site's inquiries matching `filters` (their contact joined), each row the values of `values`, in order. */
export async function inquiryExportPage(
  db: Orm,
  siteId: string,
  filters: InquiryFilters,
  values: readonly ExportValue[],
  limit: number,
  cursor?: Cursor,
): Promise<Page<unknown[]>> {
  const { where, orderBy } = await inquiryPageQuery(db, siteId, filters, cursor);
  const { fields, position } = selection(values, inquiries.createdAt, inquiries.id);
  const rows = await db
    .select(fields)
    .from(inquiries)
    .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit + 1)
    .values();
  return toPage(rows, limit, position);
}
