// The real collector (with its queue consumer) plus bench routes, for bench/collect.ts only (never deployed):
// POST /bench/raw-insert stores the request body with a single INSERT, no validation;
// POST /bench/limited-insert asks the collect rate limiter first (as the collector does, per
// visitor address), then does the same INSERT: the least any rate-limited collector pays;
// /bench/hold-deliveries and /bench/release-deliveries hold the queue consumer back while the
// throughput rounds run (messages are still sent to the queue on the collect path, and delivered
// once released), so the rounds measure the collect path rather than webhook sending on the same cores.

import type { Env } from "../worker/env.ts";
import worker from "../worker/index.ts";

// A flag polled by the consumer, not a shared promise: workerd does not let one request's promise
// wake a handler waiting in another.
let held = false;

function insertRaw(env: Env, body: string) {
  return env.DB.prepare("INSERT INTO bench_raw (id, body, created_at) VALUES (?, ?, ?)")
    .bind(crypto.randomUUID(), body, Date.now())
    .run();
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname === "/bench/raw-insert") {
      await insertRaw(env, await request.text());
      return Response.json({ ok: true }, { status: 201 });
    }
    if (url.pathname === "/bench/limited-insert") {
      const { success } = await env.COLLECT_LIMITER.limit({ key: `bench|${request.headers.get("cf-connecting-ip")}` });
      if (!success) return Response.json({ error: "rate_limited" }, { status: 429 });
      await insertRaw(env, await request.text());
      return Response.json({ ok: true }, { status: 201 });
    }
    if (url.pathname === "/bench/setup") {
      await env.DB.exec(
        "CREATE TABLE IF NOT EXISTS bench_raw (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL)",
      );
      return Response.json({ ok: true });
    }
    if (url.pathname === "/bench/hold-deliveries") {
      held = true;
      return Response.json({ ok: true });
    }
    if (url.pathname === "/bench/release-deliveries") {
      held = false;
      return Response.json({ ok: true });
    }
    return worker.fetch(request, env, ctx);
  },
  // The notification consumer (behind the bench's gate) and crons, as deployed.
  async queue(batch: MessageBatch<never>, env: Env, ctx: ExecutionContext) {
    while (held) await new Promise((resolve) => setTimeout(resolve, 200));
    return worker.queue(batch, env, ctx);
  },
  scheduled: worker.scheduled,
};
