import { and, asc, desc, eq, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Cursor, Position, Sort } from "../../shared/cursor.ts";
import type { Orm } from "./orm.ts";

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
  /** "Not beyond `edge`" in this order: the rows from the cursor up to and including `edge`. */
  const upTo = (edge: Position): SQL =>
    newest ? sql`(${time}, ${id}) >= (${edge.at}, ${edge.id})` : sql`(${time}, ${id}) <= (${edge.at}, ${edge.id})`;
  return { after, orderBy, upTo, columns: [time, id] as const };
}

/**
 * Cuts the `limit + 1` rows a query fetched into a page, knowing whether more follow. A query
 * that stopped at `edge` (walkEdge) and did not fill the page continues after the edge.
 */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => Position, edge?: Position): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  if (rows.length <= limit) return { rows: page, next: edge ?? null };
  return { rows: page, next: last ? position(last) : null };
}

/**
 * Where a walk of `table` (the site's rows in the page's order, after its cursor, within `range`:
 * the list's conditions an index serves) stops when it may test at most `n` rows: the `n`-th
 * row's position, or undefined when fewer follow. The walk then reads `page.upTo(edge)`, one
 * index range.
 */
export async function walkEdge(
  db: Orm,
  table: SQLiteTable & { id: SQLiteColumn },
  site: SQLiteColumn,
  siteId: string,
  page: ReturnType<typeof keyset>,
  n: number,
  range?: SQL,
): Promise<Position | undefined> {
  const [time, id] = page.columns;
  const [edge] = await db
    .select({ at: sql<number>`${time}`, id: sql<string>`${id}` })
    .from(table)
    .where(and(eq(site, siteId), range, page.after))
    .orderBy(...page.orderBy)
    .limit(1)
    .offset(n - 1);
  return edge;
}
