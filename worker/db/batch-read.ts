// Statements from several modules in one D1 batch (one round trip, one transaction), each read
// back through a typed handle that knows its own statements, never by its place in the batch.
// A Drizzle query is read as Drizzle reads it (column names, JSON columns, nested objects), so a
// record read here has the same type and fields as the team API's.
import { fillPlaceholders, type Query } from "drizzle-orm";
import { type Orm, orm } from "./orm.ts";

/** Statements for a batch and how to read their results (one per statement, in order). */
export interface BatchRead<T> {
  statements: D1PreparedStatement[];
  read(results: D1Result[]): T;
}

export type ReadOf<R> = R extends BatchRead<infer T> ? T : never;

/** A plain statement whose rows are `T`. */
export const rowsRead = <T>(statement: D1PreparedStatement): BatchRead<T[]> => ({
  statements: [statement],
  read: ([result]) => (result?.results ?? []) as T[],
});

/** The same statements, their result read on through `then`. */
export const mapRead = <T, U>(r: BatchRead<T>, then: (value: T) => U): BatchRead<U> => ({
  statements: r.statements,
  read: (results) => then(r.read(results)),
});

/** A plain statement's first row, if any. */
export const rowRead = <T>(statement: D1PreparedStatement): BatchRead<T | undefined> =>
  mapRead(rowsRead<T>(statement), (rows) => rows[0]);

/** Statements that write, then `after`, a read of what they wrote (in the same transaction). */
export const writesThen = <T>(writes: D1PreparedStatement[], after: BatchRead<T>): BatchRead<T> => ({
  statements: [...writes, ...after.statements],
  read: (results) => after.read(results.slice(writes.length)),
});

/** What a Drizzle select offers a batch: its SQL, and its reading of a batch's result. */
interface Preparable {
  prepare(): { getQuery(): Query; mapResult(response: unknown, isFromBatch?: boolean): unknown };
}

/**
 * A Drizzle select built once per isolate, with `sql.placeholder(name)` where each call's
 * `values` go: building a select costs Drizzle far more CPU than binding values, too much to
 * repeat for every message of a queue batch. Its rows are read as Drizzle's own batch reads them, by
 * column name: two selected columns of one name (an `id` of two tables) must be told apart with `.as()`.
 */
export function preparedRead<Q extends Preparable & PromiseLike<unknown>>(
  build: (o: Orm) => Q,
): (db: D1Database, values: Record<string, unknown>) => BatchRead<Awaited<Q>> {
  let built: { query: Query; read: (result: D1Result | undefined) => Awaited<Q> } | undefined;
  return (db, values) => {
    if (!built) {
      const prepared = build(orm(db)).prepare();
      built = { query: prepared.getQuery(), read: (result) => prepared.mapResult(result, true) as Awaited<Q> };
    }
    const { query, read } = built;
    return {
      statements: [db.prepare(query.sql).bind(...fillPlaceholders(query.params, values))],
      read: ([result]) => read(result),
    };
  };
}

/** No statement; reads as `value`. */
export const nothingRead = <T>(value: T): BatchRead<T> => ({ statements: [], read: () => value });

/** Each read's share of `results`, read back in turn. */
function readInTurn<T>(reads: BatchRead<T>[], results: D1Result[]): T[] {
  let at = 0;
  return reads.map((r) => {
    const from = at;
    at += r.statements.length;
    return r.read(results.slice(from, at));
  });
}

/** Several reads as one, read back as an object of their results under the same names. */
export function readsTogether<R extends Record<string, BatchRead<unknown>>>(
  reads: R,
): BatchRead<{ [K in keyof R]: ReadOf<R[K]> }> {
  const names = Object.keys(reads);
  const parts = Object.values(reads);
  return {
    statements: parts.flatMap((r) => r.statements),
    read: (results) => {
      const values = readInTurn(parts, results);
      return Object.fromEntries(names.map((name, i) => [name, values[i]])) as { [K in keyof R]: ReadOf<R[K]> };
    },
  };
}

/** Runs every read's statements in one batch (none when there are none) and reads each back. */
export async function runBatch<T>(db: D1Database, reads: BatchRead<T>[]): Promise<T[]> {
  const statements = reads.flatMap((r) => r.statements);
  return readInTurn(reads, statements.length > 0 ? await db.batch(statements) : []);
}
