// The rows of the CSV exports, a page at a time, with the lists' filters, order and paging
// (leadPageQuery, inquiryPageQuery) but only the columns the file has, each row an array of
// their values as D1 returns them: an export of 100,000 rows builds no object per row.
import { eq, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Cursor, Position } from "../../shared/cursor.ts";
import type { InquiryFilters, LeadFilters } from "../../shared/team-queries.ts";
import { inquiryPageQuery } from "./inquiry-list.ts";
import { leadPageQuery } from "./lead-list.ts";
import type { Orm } from "./orm.ts";
import { type Page, toPage } from "./paging.ts";
import { contacts, inquiries, leads } from "./schema.ts";

/** What an export reads per row: a column of the record or its contact, or SQL over them. */
export type ExportValue = SQLiteColumn | SQL;

/** A page's condition and order (leadPageQuery, inquiryPageQuery), and the edge a walk stopped at. */
type PageQuery = { where: SQL | undefined; orderBy: SQL[]; edge?: Position };

/**
 * One page of `table`'s rows (their contact joined) under `query`, each row the values of
 * `values` in order, then the row's keyset position (time, id) where the values lack them as raw
 * values: the next page starts after it. Drizzle returns the fields in the order of the object's keys.
 */
async function exportPage(
  db: Orm,
  table: typeof leads | typeof inquiries,
  time: SQLiteColumn,
  values: readonly ExportValue[],
  limit: number,
  { where, orderBy, edge }: PageQuery,
): Promise<Page<unknown[]>> {
  const columns = [...values];
  const at = (column: SQLiteColumn) => {
    const found = columns.indexOf(column);
    return found >= 0 ? found : columns.push(column) - 1;
  };
  const timeAt = at(time);
  const idAt = at(table.id);
  const fields = Object.fromEntries(columns.map((value, i) => [`v${i}`, value]));
  const rows = await db
    .select(fields)
    .from(table)
    .innerJoin(contacts, eq(contacts.id, table.contactId))
    .where(where)
    .orderBy(...orderBy)
    .limit(limit + 1)
    .values();
  return toPage(rows, limit, (row) => ({ at: row[timeAt] as number, id: row[idAt] as string }), edge);
}

/** One page of the site's leads matching `filters`, each row the values of `values`, in order. */
export async function leadExportPage(
  db: Orm,
  siteId: string,
  filters: LeadFilters,
  values: readonly ExportValue[],
  limit: number,
  now: number,
  cursor?: Cursor,
): Promise<Page<unknown[]>> {
  const query = await leadPageQuery(db, siteId, filters, now, cursor);
  return exportPage(db, leads, leads.firstSeenAt, values, limit, query);
}

/** One page of the site's inquiries matching `filters`, each row the values of `values`, in order. */
export async function inquiryExportPage(
  db: Orm,
  siteId: string,
  filters: InquiryFilters,
  values: readonly ExportValue[],
  limit: number,
  cursor?: Cursor,
): Promise<Page<unknown[]>> {
  const query = await inquiryPageQuery(db, siteId, filters, cursor);
  return exportPage(db, inquiries, inquiries.createdAt, values, limit, query);
}
