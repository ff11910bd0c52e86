// Which way a filtered list is read. A selective filter (`q`, a rare grade) names a set of
// candidate rows; the list can either walk its (site, time) index in order and test each row
// (fast when matches are dense: a page fills early; slow when they are rare: every row of the
// site is tested), or start from the candidates and sort them (fast when they are few, slow when
// there are tens of thousands). SQLite cannot tell without statistics on the FTS matches, so
// capped counts decide: at most NARROW_MAX candidates on the site → start from them (from the
// smallest set when several filters name one, e.g. a grade and verified contacts).
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Cursor, Sort } from "../../shared/cursor.ts";
import type { Orm } from "./orm.ts";
import { keyset, walkEdge } from "./paging.ts";
import { catchUpSearch } from "./search.ts";

/** Candidates a list may start from and sort; above this, matches are dense enough to walk. */
export const NARROW_MAX = 2000;

/**
 * Rows a walk with a filter no index serves (a grade, verified, a lead's campaign; an inquiry's
 * kind, campaign, assignee or resource) tests per request at most. A grade is a comparison with
 * `now` on each contact's rollup, which no index orders by, so a walk in list order can meet a
 * long run of contacts of other grades (the oldest contacts, walking for a recent grade); the page
 * then ends where the walk stopped, shorter than `limit`, and its cursor continues from there.
 */
export const WALK_MAX = 3000;

/** How the list is read: its index in order ("walk") or from the candidates ("narrow"). */
export type Plan = "walk" | "narrow";

/**
 * `site_id = ?`: in the narrow plan with SQLite's unary `+`, so no `(site_id, …)` index is taken
 * for it and the planner starts from the candidate set (the site check stays).
 */
export const onSite = (column: SQLWrapper, siteId: string, plan: Plan): SQL =>
  plan === "narrow" ? sql`+${column} = ${siteId}` : sql`${column} = ${siteId}`;

/**
 * Which of the candidate sets a list's filters name it starts from: the smallest, when it has at
 * most NARROW_MAX members (ties: the first named); undefined (walk) when none is that small.
 * `counts` holds each set's count, capped above NARROW_MAX; all are read in one statement.
 */
export async function narrowest<K extends string>(db: Orm, counts: Partial<Record<K, SQL>>): Promise<K | undefined> {
  const named = Object.entries(counts).filter((entry): entry is [K, SQL] => entry[1] !== undefined);
  if (!named.length) return undefined;
  const [row] = await db.all<Record<K, number>>(
    sql`SELECT ${sql.join(
      named.map(([name, count]) => sql`(${count}) AS ${sql.identifier(name)}`),
      sql`, `,
    )}`,
  );
  let best: K | undefined;
  for (const [name] of named) {
    const n = row?.[name] ?? Number.POSITIVE_INFINITY;
    if (n <= NARROW_MAX && (best === undefined || n < row![best])) best = name;
  }
  return best;
}

/**
 * How one page of a site's list is read, decided before its rows are: the keyset position after
 * `cursor`, the search index caught up for a text query, the candidate set it starts from (`by`,
 * chosen by `narrowest` over the capped `counts`; a forced "narrow" plan takes the first set
 * named, "walk" none) and, for a walk that `tests` rows on what no index orders them by (the
 * contact's grade or verified address, a campaign, an inquiry's kind), where it stops: at the WALK_MAX-th
 * row from the cursor within `range` (the list's conditions an index serves), since such
 * matches can be rare on a site.
 */
export async function pageReading<K extends string>(
  db: Orm,
  [table, time]: [SQLiteTable & { id: SQLiteColumn; siteId: SQLiteColumn }, SQLiteColumn],
  siteId: string,
  filters: { sort: Sort; q?: string },
  cursor: Cursor | undefined,
  plan: Plan | undefined,
  counts: () => Partial<Record<K, SQL>>,
  walk: { tests: boolean; range?: SQL } = { tests: false },
) {
  const page = keyset(time, table.id, filters.sort, cursor);
  if (filters.q) await catchUpSearch(db.$client);
  const by = plan === undefined ? await narrowest(db, counts()) : plan === "narrow" ? firstNamed(counts()) : undefined;
  const read: Plan = by === undefined ? "walk" : "narrow";
  const edge =
    read === "walk" && walk.tests
      ? await walkEdge(db, table, table.siteId, siteId, page, WALK_MAX, walk.range)
      : undefined;
  return { page, read, by, edge };
}

const firstNamed = <K extends string>(counts: Partial<Record<K, SQL>>): K | undefined =>
  (Object.keys(counts) as K[]).find((name) => counts[name] !== undefined);
