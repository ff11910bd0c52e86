// The real collector (with its queue consumer) plus one baseline route, for bench/collect.ts only (never deployed):
// POST /bench/raw-insert stores the request body with a single INSERT, no validation.

import type { Env } from "../worker/env.ts";
import worker from "../worker/index.ts";

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname === "/bench/raw-insert") {
      await env.DB.prepare("INSERT INTO bench_raw (id, body, created_at) VALUES (?, ?, ?)")
        .bind(crypto.randomUUID(), await request.text(), Date.now())
        .run();
      return Response.json({ ok: true }, { status: 201 });
    }
    if (url.pathname === "/bench/setup") {
      await env.DB.exec(
        "CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
      );
      return Response.json({ ok: true });
    }
    return worker.fetch(request, env, ctx);
  },
  // The notification consumer and crons, as deployed: the collect path enqueues to them.
  queue: worker.queue,
  scheduled: worker.scheduled,
};
