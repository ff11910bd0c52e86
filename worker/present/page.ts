import type { Sort } from "../../shared/cursor.ts";
import { encodeCursor } from "../../shared/cursor.ts";
import type { Page } from "../db/paging.ts";

/** A list answer: `{ data, nextCursor }`, the cursor null on the last page. */
export function pageBody<T, U>(page: Page<T>, sort: Sort, present: (row: T) => U) {
  return { data: page.rows.map(present), nextCursor: page.next ? encodeCursor({ sort, ...page.next }) : null };
}
