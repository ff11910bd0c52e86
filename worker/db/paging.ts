import { asc, desc, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Cursor, Position, Sort } from "../../shared/cursor.ts";

/** One page of a list: `next` is where the following page starts, null on the last page. */
export interface Page<T> {
  rows: T[];
  next: Position | null;
}

/**
 * Keyset paging on (time, id) in the given sort: the order, and the condition "after the cursor".
 * A row value comparison, so SQLite seeks straight to the position in the (…, time, id) index.
 */
export function keyset(time: SQLWrapper, id: SQLWrapper, sort: Sort, cursor?: Cursor) {
  const newest = sort === "newest";
  const after: SQL | undefined = cursor
    ? newest
      ? sql`(${time}, ${id}) < (${cursor.at}, ${cursor.id})`
      : sql`(${time}, ${id}) > (${cursor.at}, ${cursor.id})`
    : undefined;
  const orderBy = newest ? [desc(time as SQL), desc(id as SQL)] : [asc(time as SQL), asc(id as SQL)];
  return { after, orderBy };
}

/** Cuts the `limit + 1` rows a query fetched into a page, knowing whether more follow. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => Position): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? position(last) : null };
}
