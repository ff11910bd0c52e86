// The real worker for bench/team-api.ts only (never deployed). With `x-bench-explain: 1` a
// request runs as usual, but the answer is the EXPLAIN QUERY PLAN of every SELECT it made, with
// the same bound values: the plans of whatever the endpoints on main run, without copying their SQL.

import type { Env } from "../worker/env.ts";
import app from "../worker/index.ts";

interface Logged {
  sql: string;
  params: unknown[];
}

/** `db`, recording each prepared statement's SQL and its last bound values into `log`. */
function recording(db: D1Database, log: Logged[]): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          const statement = target.prepare(sql);
          const entry: Logged = { sql, params: [] };
          log.push(entry);
          const bind = statement.bind;
          statement.bind = (...params: unknown[]) => {
            entry.params = params;
            return bind.apply(statement, params);
          };
          return statement;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (request.headers.get("x-bench-explain") !== "1") return app.fetch(request, env, ctx);
    const log: Logged[] = [];
    const response = await app.fetch(request, { ...env, DB: recording(env.DB, log) }, ctx);
    await response.arrayBuffer();
    const plans = [];
    for (const { sql, params } of log) {
      if (!/^\s*(SELECT|WITH)\b/i.test(sql)) continue;
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ id: number; parent: number; detail: string }>();
      plans.push({ sql: sql.replace(/\s+/g, " ").trim(), plan: results });
    }
    return Response.json({ status: response.status, plans });
  },
};
