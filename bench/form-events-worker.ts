// The real worker for bench/form-events.ts only (never deployed): every D1 call it makes, on any
// request or in any waitUntil, goes through a counting wrapper, so the bench can say how many
// statements and batches the form-events path writes, and how long its write batches take.
// GET /bench/d1-calls answers the counts since the last POST /bench/d1-calls (which resets them).

import type { Env } from "../worker/env.ts";
import worker from "../worker/index.ts";

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
const calls = { writeBatches: 0, writeStatements: 0, readStatements: 0, writeMs: 0 };
const sqlOf = new WeakMap<object, string>();

/** Counts one execution of these statements: a batch when it holds a write, each statement by kind. */
function count(statements: object[]) {
  const writes = statements.filter((s) => WRITE.test(sqlOf.get(s) ?? "")).length;
  calls.writeStatements += writes;
  calls.readStatements += statements.length - writes;
  if (writes) calls.writeBatches++;
}

/** Keeps each statement's SQL through bind(), and counts run/all/first/raw as one call each. */
function tracked(statement: D1PreparedStatement, sql: string): D1PreparedStatement {
  sqlOf.set(statement, sql);
  const own = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
  const bind = statement.bind.bind(statement);
  own.bind = (...params: unknown[]) => tracked(bind(...params), sql);
  for (const method of ["run", "all", "first", "raw"]) {
    const original = own[method]!.bind(statement);
    own[method] = (...args: unknown[]) => {
      count([statement]);
      return original(...args);
    };
  }
  return statement;
}

function counting(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => tracked(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          count(statements);
          const writes = statements.some((s) => WRITE.test(sqlOf.get(s) ?? ""));
          // Workers' clock moves on I/O: a batch's time is its D1 round trip, SQLite's work included.
          const t0 = performance.now();
          const results = await target.batch(statements);
          if (writes) calls.writeMs += performance.now() - t0;
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (new URL(request.url).pathname === "/bench/d1-calls") {
      const answer = Response.json({ ...calls });
      if (request.method === "POST")
        Object.assign(calls, { writeBatches: 0, writeStatements: 0, readStatements: 0, writeMs: 0 });
      return answer;
    }
    return worker.fetch(request, { ...env, DB: counting(env.DB) }, ctx);
  },
};
