// The real collector (with its queue consumer) plus bench routes, for bench/collect.ts only (never deployed):
// POST /bench/raw-insert stores the request body with a single INSERT, no validation;
// POST /bench/limited-insert asks the collect rate limiter first (as the collector does, per
// visitor address), then does the same INSERT: the least any rate-limited collector pays;
// /bench/hold-deliveries and /bench/release-deliveries hold the queue consumer back while the
// throughput rounds run (messages are still sent to the queue on the collect path, and delivered
// once released, or with ?drop=1 acknowledged unsent), so the rounds measure the collect path
// rather than webhook sending on the same cores.
// Stage probes (BENCH_STAGES=1 in bench/collect.ts), each rate-limited as the collector is:
// /bench/front/v1/collect/… runs the real collect route with the site's database's batch()
// replaced by the bench's one INSERT (everything in front of the batch, then the floor's write);
// POST /bench/batch/{inquiry,lead}?siteId=… runs only the limiter and the real write batch
// (recordInquiry / recordLead) for the body as sent, with no Hono, validation or hashing.
// POST /bench/yardstick/{inquiry,lead}?siteId=… (bench/collect.ts's second yardstick): the
// limiter, then plain INSERTs of the rows a new submission needs (contact, record, claim) in one batch.

import { type Context, Hono, type MiddlewareHandler } from "hono";
import * as z from "zod/mini";
import {
  type InquirySubmission,
  InquirySubmissionSchema,
  type LeadSubmission,
  LeadSubmissionSchema,
} from "../shared/schemas.ts";
import {
  CLAIM_INQUIRY,
  CLAIM_LEAD,
  INQUIRY_OUTBOX,
  INSERT_INQUIRY,
  LEAD_OUTBOX,
  UPSERT_CONTACT_FOR_INQUIRY,
  UPSERT_CONTACT_FOR_LEAD,
  UPSERT_LEAD,
} from "../worker/db/collect-sql.ts";
import { recordInquiry } from "../worker/db/inquiries.ts";
import { recordLead } from "../worker/db/leads.ts";
import { collectParams, type SubmissionMeta, writeOnce } from "../worker/db/submissions.ts";
import type { AppEnv, Env } from "../worker/env.ts";
import worker from "../worker/index.ts";
import { renderError } from "../worker/lib/api-error.ts";
import { bodyHash, inquiryDedupeKey } from "../worker/lib/body-hash.ts";
import { applyUrlPolicy } from "../worker/lib/url-policy.ts";
import { trapBots } from "../worker/middleware/bot-trap.ts";
import { jsonBody } from "../worker/middleware/json-body.ts";
import { verifyTurnstile } from "../worker/middleware/turnstile.ts";
import { validateParsedJson } from "../worker/openapi/validate.ts";
import { collect, collectFront } from "../worker/routes/collect.ts";
import { ablatedBatch, benchMeta, paramsInsert, wideInsert, yardstickBatch } from "./collect-ablation.ts";

// A flag polled by the consumer, not a shared promise: workerd does not let one request's promise
// wake a handler waiting in another.
let held = false;
/** Messages sent before this time are acknowledged unsent once released with ?drop=1; how many so far. */
let dropBefore = 0;
let dropped = 0;

function insertRaw(env: Env, body: string) {
  return env.DB.prepare("INSERT INTO bench_raw (id, body, created_at) VALUES (?, ?, ?)")
    .bind(crypto.randomUUID(), body, Date.now())
    .run();
}

/** A body of the size of the bench's inquiry, for the stand-in INSERT. */
const STAND_IN_BODY = "x".repeat(300);

/**
 * `env` whose DB answers batch() with the bench's one INSERT (or, `io` false, with nothing), as if
 * a new record had been written; `limiter` false (as `io` unless given) answers the rate limiter
 * without asking it.
 */
function batchAsOneInsert(env: Env, io = true, limiter = io): Env {
  const db = env.DB;
  const batch = async (statements: D1PreparedStatement[]) => {
    if (io) await insertRaw(env, STAND_IN_BODY);
    // writeOnce reads the record's id from the second statement (contact, record, claim, [outbox]).
    return statements.map((_, i) => ({ results: i === 1 ? [{ id: crypto.randomUUID(), created: 1 }] : [] }));
  };
  const proxy = new Proxy(db, {
    get(target, name) {
      if (name === "batch") return batch;
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return limiter
    ? { ...env, DB: proxy }
    : { ...env, DB: proxy, COLLECT_LIMITER: { limit: async () => ({ success: true }) } };
}

async function limited(env: Env, request: Request): Promise<Response | null> {
  const { success } = await env.COLLECT_LIMITER.limit({ key: `bench|${request.headers.get("cf-connecting-ip")}` });
  return success ? null : Response.json({ error: "rate_limited" }, { status: 429 });
}

/** The write batch alone: what the route would pass it, with constant hashes. */
async function batchOnly(env: Env, url: URL, request: Request): Promise<Response> {
  const body = (await request.json()) as InquirySubmission & LeadSubmission;
  const kind = url.pathname.endsWith("/lead") ? "lead" : "inquiry";
  const meta: SubmissionMeta = {
    siteId: url.searchParams.get("siteId") ?? "",
    kind,
    submissionId: body.submissionId,
    bodyHash: "0".repeat(64),
    name: body.name,
    company: body.company,
    needsOutbox: false,
    hasWebhook: false,
  };
  const outcome =
    kind === "lead"
      ? await recordLead(env.DB, meta, body, Date.now())
      : await recordInquiry(env.DB, meta, body, crypto.randomUUID(), Date.now());
  return Response.json(outcome, { status: 201 });
}

// bench/collect-stages.ts: each stage of the collect path run n times in one request, so that
// workerd's CPU time per run is the stage's own (no HTTP, no client, no other requests).
let visitor = 0;
const nextVisitor = () => {
  const v = visitor++ & 0xffff;
  return `198.19.${v >> 8}.${v & 255}`;
};
const benchContext = {
  pageUrl: "https://bench.example/pricing?utm_source=ads",
  locale: "ja-JP",
  utm: { source: "ads" },
};
const stageBodies = {
  inquiry: () => ({
    submissionId: crypto.randomUUID(),
    kind: "quote" as const,
    email: `s${visitor}-${crypto.randomUUID().slice(0, 8)}@bench.example`,
    name: "ベンチ 太郎",
    message: `見積をお願いします ${visitor}`,
    context: benchContext,
    hp: "",
    fillMs: 6400,
  }),
  lead: () => ({
    submissionId: crypto.randomUUID(),
    email: `s${visitor}-${crypto.randomUUID().slice(0, 8)}@bench.example`,
    resourceId: "whitepaper",
    context: benchContext,
    hp: "",
    fillMs: 6400,
  }),
};
/**
 * The widget's POST of `body` from the bench's origin and a new visitor, with the Content-Length
 * a browser sends (without one, the body middleware would read the body as a stream to count it).
 */
const widgetPost = (url: string, body: string) =>
  new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-length": String(new TextEncoder().encode(body).length),
      origin: "https://bench.example",
      "cf-connecting-ip": nextVisitor(),
    },
    body,
  });
type Where = { siteKey: string; siteId: string };
type Stage = (env: Env, ctx: ExecutionContext, where: Where) => Promise<unknown>;

// The collect routes alone, without the rest of the app: what the whole app's routing adds.
const collectOnly = new Hono<AppEnv>().route("/v1/collect", collect);
collectOnly.onError(renderError);

async function throughRoute(
  env: Env,
  ctx: ExecutionContext,
  where: Where,
  kind: "inquiry" | "lead",
  app: { fetch: typeof worker.fetch } = worker,
) {
  const res = await app.fetch(
    widgetPost(`http://bench/v1/collect/${kind}?site=${where.siteKey}`, JSON.stringify(stageBodies[kind]())),
    env,
    ctx,
  );
  if (res.status !== 201) throw new Error(`stage ${kind}: ${res.status} ${await res.text()}`);
}

/** The write batch alone; `withOutbox`: with the outbox statement even where it cannot write (as before it was left out). */
function batchStage(kind: "inquiry" | "lead", withOutbox = false): Stage {
  return async (env, _ctx, where) => {
    const body = stageBodies[kind]() as InquirySubmission & LeadSubmission;
    const meta = benchMeta(where.siteId, kind, body);
    if (withOutbox) {
      const db = env.DB;
      const now = Date.now();
      if (kind === "lead") {
        const p = collectParams(meta, body, { resourceId: body.resourceId }, now);
        const statements = [UPSERT_CONTACT_FOR_LEAD.bind(db, p), UPSERT_LEAD.bind(db, p)];
        return writeOnce(db, meta, statements, CLAIM_LEAD.bind(db, p), LEAD_OUTBOX.bind(db, p));
      }
      const p = {
        ...collectParams(meta, body, { dedupeKey: "1".repeat(64) }, now),
        inquiryKind: body.kind,
        message: body.message ?? "",
        preferredTime: null,
      };
      const statements = [UPSERT_CONTACT_FOR_INQUIRY.bind(db, p), INSERT_INQUIRY.bind(db, p)];
      return writeOnce(db, meta, statements, CLAIM_INQUIRY.bind(db, p), INQUIRY_OUTBOX.bind(db, p));
    }
    return kind === "lead"
      ? recordLead(env.DB, meta, body, Date.now())
      : recordInquiry(env.DB, meta, body, "1".repeat(64), Date.now());
  };
}

// The floor's work from a one-route Hono app: what Hono itself adds around the same two I/O calls.
const honoFloor = new Hono<{ Bindings: Env }>().post("/", async (c) => {
  await c.env.COLLECT_LIMITER.limit({ key: `bench|${nextVisitor()}` });
  await insertRaw(c.env, await c.req.text());
  return c.json({ ok: true }, 201);
});

// The floor's work behind the collect route's middleware, the first `k` of them (CORS, refusal
// counting, the site, the rate limit, the origin), then (`body`) the body's middleware and
// validation: which of them makes the same two I/O calls dearer. From the rate limit on, the
// middleware calls the limiter (with the route's key) and the handler only INSERTs.
function frontApp(k: number, body = false, extra?: (c: Context<AppEnv>) => Promise<unknown>) {
  const app = new Hono<AppEnv>();
  const handlers = [
    ...collectFront.slice(0, k),
    ...(body ? [jsonBody, validateParsedJson(InquirySubmissionSchema), trapBots, verifyTurnstile("inquiry")] : []),
  ] as MiddlewareHandler<AppEnv>[];
  app.use("*", ...handlers);
  app.post("/", async (c) => {
    if (k < 4) await c.env.COLLECT_LIMITER.limit({ key: `bench|${c.req.header("cf-connecting-ip")}` });
    if (extra) await extra(c);
    await insertRaw(c.env, body ? JSON.stringify(await c.req.json()) : await c.req.text());
    return c.json({ ok: true }, 201);
  });
  return app;
}
const frontApps = [0, 1, 2, 3, 4, 5].map((k) => frontApp(k));
const frontWithBody = frontApp(5, true);
// …and one of the route handler's steps before the INSERT: the two hashes, or the batch's
// statements prepared and bound (not run).
const frontWithHashes = frontApp(5, true, async (c) => {
  const json = await c.req.json();
  return [await bodyHash(json), await inquiryDedupeKey(json)];
});
const frontWithStatements = frontApp(5, true, async (c) => {
  const json = (await c.req.json()) as InquirySubmission;
  const meta: SubmissionMeta = {
    siteId: c.var.site.id,
    kind: "inquiry",
    submissionId: json.submissionId,
    bodyHash: "0".repeat(64),
    needsOutbox: false,
    hasWebhook: false,
  };
  const db = c.env.DB;
  const p = {
    ...collectParams(meta, json, { dedupeKey: "1".repeat(64) }, Date.now()),
    inquiryKind: json.kind,
    message: json.message ?? "",
    preferredTime: null,
  };
  return [UPSERT_CONTACT_FOR_INQUIRY.bind(db, p), INSERT_INQUIRY.bind(db, p), CLAIM_INQUIRY.bind(db, p)];
});
async function throughFront(app: Hono<AppEnv>, env: Env, ctx: ExecutionContext, where: Where) {
  const res = await app.fetch(
    widgetPost(`http://bench/?site=${where.siteKey}`, JSON.stringify(stageBodies.inquiry())),
    env,
    ctx,
  );
  if (res.status !== 201) throw new Error(`front stage: ${res.status} ${await res.text()}`);
}

const STAGES: Record<string, Stage> = {
  "hono-floor": async (env, ctx) =>
    honoFloor.fetch(
      new Request("http://bench/", { method: "POST", body: JSON.stringify(stageBodies.inquiry()) }),
      env,
      ctx,
    ),
  limit: (env) => env.COLLECT_LIMITER.limit({ key: `bench|${nextVisitor()}` }),
  // The limiter with the route's key (site id | address) instead of the floor's.
  "limit-site": (env, _ctx, where) => env.COLLECT_LIMITER.limit({ key: `${where.siteId}|${nextVisitor()}` }),
  ...Object.fromEntries(frontApps.map((app, k) => [`mw${k}`, (env, ctx, where) => throughFront(app, env, ctx, where)])),
  "mw5-body": (env, ctx, where) => throughFront(frontWithBody, env, ctx, where),
  "mw5-hashes": (env, ctx, where) => throughFront(frontWithHashes, env, ctx, where),
  "mw5-statements": (env, ctx, where) => throughFront(frontWithStatements, env, ctx, where),
  insert: (env) => insertRaw(env, JSON.stringify(stageBodies.inquiry())),
  floor: async (env) => {
    await env.COLLECT_LIMITER.limit({ key: `bench|${nextVisitor()}` });
    await insertRaw(env, JSON.stringify(stageBodies.inquiry()));
  },
  healthz: async (env, ctx) => worker.fetch(new Request("http://bench/healthz"), env, ctx),
  "inquiry-front": (env, ctx, where) => throughRoute(batchAsOneInsert(env), ctx, where, "inquiry"),
  "lead-front": (env, ctx, where) => throughRoute(batchAsOneInsert(env), ctx, where, "lead"),
  "inquiry-front-alone": (env, ctx, where) => throughRoute(batchAsOneInsert(env), ctx, where, "inquiry", collectOnly),
  "inquiry-js-alone": (env, ctx, where) =>
    throughRoute(batchAsOneInsert(env, false), ctx, where, "inquiry", collectOnly),
  "inquiry-js": (env, ctx, where) => throughRoute(batchAsOneInsert(env, false), ctx, where, "inquiry"),
  "lead-js": (env, ctx, where) => throughRoute(batchAsOneInsert(env, false), ctx, where, "lead"),
  "inquiry-js-limit": (env, ctx, where) => throughRoute(batchAsOneInsert(env, false, true), ctx, where, "inquiry"),
  "inquiry-js-insert": (env, ctx, where) => throughRoute(batchAsOneInsert(env, true, false), ctx, where, "inquiry"),
  "inquiry-batch": batchStage("inquiry"),
  "lead-batch": batchStage("lead"),
  "inquiry-batch-outbox": batchStage("inquiry", true),
  "lead-batch-outbox": batchStage("lead", true),
  "hash-body": async () => bodyHash(stageBodies.inquiry() as { turnstileToken?: string }),
  "hash-dedupe": async () => inquiryDedupeKey(stageBodies.inquiry() as InquirySubmission),
  "zod-inquiry": async () => z.safeParse(InquirySubmissionSchema, JSON.parse(JSON.stringify(stageBodies.inquiry()))),
  "zod-lead": async () => z.safeParse(LeadSubmissionSchema, JSON.parse(JSON.stringify(stageBodies.lead()))),
  url: async () => applyUrlPolicy(stageBodies.inquiry(), false),
  "request-json": async () =>
    new Request("http://bench/", { method: "POST", body: JSON.stringify(stageBodies.inquiry()) }).json(),
  "batch-trivial": (env) =>
    env.DB.batch(
      [1, 2, 3, 4].map(() =>
        env.DB.prepare("INSERT INTO bench_raw (id, body, created_at) VALUES (?, ?, ?)").bind(
          crypto.randomUUID(),
          "x",
          Date.now(),
        ),
      ),
    ),
  inquiry: (env, ctx, where) => throughRoute(env, ctx, where, "inquiry"),
  lead: (env, ctx, where) => throughRoute(env, ctx, where, "lead"),
};

/**
 * `abl-{inquiry,lead}-<variant>`: the write batch against scratch tables (bench/collect-ablation.ts);
 * `wide-<n>[-v7]`: one INSERT into a scratch table of n B-trees, with random or time-ordered ids.
 */
function ablationStage(stage: string): Stage | undefined {
  const abl = /^abl-(inquiry|lead)-(.+)$/.exec(stage);
  if (abl) {
    const kind = abl[1] as "inquiry" | "lead";
    return (env, _ctx, where) => ablatedBatch(env, where.siteId, kind, abl[2]!, stageBodies[kind]());
  }
  const trivial = /^batch-trivial-(\d+)$/.exec(stage);
  if (trivial)
    return (env) =>
      env.DB.batch(
        Array.from({ length: Number(trivial[1]) }, () =>
          env.DB.prepare("INSERT INTO bench_raw (id, body, created_at) VALUES (?, ?, ?)").bind(
            crypto.randomUUID(),
            STAND_IN_BODY,
            Date.now(),
          ),
        ),
      );
  const params = /^params-(\d+)(-json)?$/.exec(stage);
  if (params) return (env) => paramsInsert(env, Number(params[1]), params[2] !== undefined);
  const wide = /^wide-(\d+)(-v7)?$/.exec(stage);
  if (wide) return (env, _ctx, where) => wideInsert(env, where.siteId, Number(wide[1]), wide[2] ? "v7" : "v4");
  return undefined;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/bench/front/")) {
      // The collect route calls the limiter itself.
      const inner = new Request(request.url.replace("/bench/front/", "/"), request);
      return worker.fetch(inner, batchAsOneInsert(env), ctx);
    }
    if (url.pathname.startsWith("/bench/batch/")) return (await limited(env, request)) ?? batchOnly(env, url, request);
    if (url.pathname.startsWith("/bench/yardstick/")) {
      const refused = await limited(env, request);
      if (refused) return refused;
      const kind = url.pathname.endsWith("/lead") ? "lead" : "inquiry";
      await yardstickBatch(env, url.searchParams.get("siteId") ?? "", kind, await request.json());
      return Response.json({ ok: true }, { status: 201 });
    }
    if (url.pathname === "/bench/loop") {
      const stage = url.searchParams.get("stage") ?? "";
      const step = STAGES[stage] ?? ablationStage(stage);
      if (!step) return Response.json({ error: `no stage ${stage}` }, { status: 404 });
      const where = { siteKey: url.searchParams.get("site") ?? "", siteId: url.searchParams.get("siteId") ?? "" };
      const n = Number(url.searchParams.get("n") ?? 100);
      for (let i = 0; i < n; i++) await step(env, ctx, where);
      return Response.json({ ok: true });
    }
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
      if (url.searchParams.has("drop")) dropBefore = Date.now();
      held = false;
      return Response.json({ ok: true });
    }
    if (url.pathname === "/bench/dropped") return Response.json({ dropped });
    return worker.fetch(request, env, ctx);
  },
  // The notification consumer (behind the bench's gate) and crons, as deployed.
  async queue(batch: MessageBatch<never>, env: Env, ctx: ExecutionContext) {
    while (held) await new Promise((resolve) => setTimeout(resolve, 200));
    if (batch.messages.every((m) => m.timestamp.getTime() < dropBefore)) {
      batch.ackAll();
      dropped += batch.messages.length;
      return;
    }
    return worker.queue(batch, env, ctx);
  },
  scheduled: worker.scheduled,
};
