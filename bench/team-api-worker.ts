// The real worker for bench/team-api.ts only (never deployed). With `x-bench-explain: 1` a
// request runs as usual, but the answer is the EXPLAIN QUERY PLAN of every SELECT it made, with
// the same bound values: the plans of whatever the endpoints on main run, without copying their SQL.
// The exports' yardstick, for the site in `x-bench-site`: `/bench/export-read/leads?<filters>`
// reads the export's pages through the same D1 binding (the same queries and columns) and writes
// nothing; `/bench/export/leads.csv?<filters>&page=N&now=T` is the export itself with N rows a page (the
// grades at T).

import * as z from "zod/mini";
import type { Position } from "../shared/cursor.ts";
import { InquiryExportQuerySchema, LeadExportQuerySchema } from "../shared/team-queries.ts";
import { inquiryExportPage, leadExportPage } from "../worker/db/export-rows.ts";
import { databaseFor } from "../worker/db/handle.ts";
import { orm } from "../worker/db/orm.ts";
import type { Page } from "../worker/db/paging.ts";
import type { Env } from "../worker/env.ts";
import app from "../worker/index.ts";
import { inquiryCsv, leadCsv } from "../worker/present/export-columns.ts";
import { EXPORT_PAGE_SIZE, inquiriesCsvBody, leadsCsvBody } from "../worker/routes/export.ts";

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

/** The export's pages read one after the other, their rows counted and dropped: no CSV, no stream. */
async function readAll(nextPage: (after: Position | undefined) => Promise<Page<unknown[]>>): Promise<number> {
  let rows = 0;
  let after: Position | undefined;
  for (;;) {
    const page = await nextPage(after);
    rows += page.rows.length;
    if (!page.next) return rows;
    after = page.next;
  }
}

/**
 * The route's content type: without one, miniflare's entry worker gzips the body for a client
 * that accepts gzip (Node's fetch does), on workerd's one thread, as Cloudflare's front line does
 * only for the types it compresses, which text/csv is not.
 */
const CSV = { headers: { "content-type": "text/csv; charset=utf-8" } };

/** The yardstick's and the paged export's answers (see the opening comment). */
async function exportBench(url: URL, env: Env, siteId: string): Promise<Response> {
  const params = Object.fromEntries(url.searchParams);
  const { page, now: at, ...query } = params;
  const pageSize = page ? Number(page) : EXPORT_PAGE_SIZE;
  const d1 = databaseFor(env, siteId);
  const db = orm(d1);
  const now = at ? Number(at) : Date.now();
  switch (url.pathname) {
    case "/bench/export-read/leads": {
      const filters = z.parse(LeadExportQuerySchema, query);
      const values = leadCsv("UTC", now).values;
      const rows = await readAll((after) =>
        leadExportPage(db, siteId, filters, values, pageSize, now, after && { sort: filters.sort, ...after }),
      );
      return Response.json({ rows });
    }
    case "/bench/export-read/inquiries": {
      const filters = z.parse(InquiryExportQuerySchema, query);
      const values = inquiryCsv("UTC").values;
      const rows = await readAll((after) =>
        inquiryExportPage(db, siteId, filters, values, pageSize, after && { sort: filters.sort, ...after }),
      );
      return Response.json({ rows });
    }
    case "/bench/export/leads.csv": {
      const filters = z.parse(LeadExportQuerySchema, query);
      return new Response(leadsCsvBody(d1, siteId, filters, filters.tz ?? "Asia/Tokyo", now, pageSize), CSV);
    }
    case "/bench/export/inquiries.csv": {
      const filters = z.parse(InquiryExportQuerySchema, query);
      return new Response(inquiriesCsvBody(d1, siteId, filters, filters.tz ?? "Asia/Tokyo", pageSize), CSV);
    }
  }
  return new Response("not found", { status: 404 });
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const site = request.headers.get("x-bench-site");
    if (site) return exportBench(new URL(request.url), env, site);
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
