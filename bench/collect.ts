// npm run bench: throughput of POST /v1/collect/{inquiry,lead} against the floor (the rate
// limiter's call + one raw INSERT) and against a second yardstick (the limiter + plain INSERTs of
// the rows a new submission needs: contact, record, claim), in the same local workerd + D1
// (wrangler dev), same client, same concurrency; and, since throughput moves with whatever else
// runs on the machine, workerd's CPU time per request.
//
// miniflare's limiter grows dearer through each minute (its table of keys is emptied when the
// wall clock's minute turns, and every request here adds a key), so each round is one minute:
// it starts as the minute turns and runs every variant for a short slice, in order, then in the
// reverse order, so every variant meets the same table sizes on average. Figures are the medians
// of per-round ratios, with their spread.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1, startWranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import { LOCAL_WEBHOOK_TARGETS, startWebhookReceiver } from "../scripts/webhook-receiver.ts";
import { newWebhookSecret } from "../shared/webhook-signature.ts";
import { createSite } from "../worker/db/sites.ts";
import { createWebhook } from "../worker/db/webhooks.ts";
import { newSiteKey } from "../worker/lib/keys.ts";
import { groupCpuMs } from "./process-cpu.ts";
import { visitorAddress } from "./visitors.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const BASE = `http://localhost:${PORT}`;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The collect limiter's period (wrangler.toml): its windows start as the wall clock's minute turns. */
const WINDOW_MS = 60_000;
/** How much of each window a round fills, from its start; the rest is for requests in flight. */
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 55_000);
/** Passes over the variants per round, every other one in reverse order. */
const PASSES = Number(process.env.BENCH_PASSES ?? 4);
const ORIGIN = "https://bench.example";
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
// Stage probes beside the routes (bench-worker.ts): the route with its batch replaced by the
// floor's one INSERT, and the batch alone. Off by default: the lead's run stays the same length.
const STAGES = process.env.BENCH_STAGES === "1";

/** Requests answered 2xx so far, by URL. */
const answered = new Map<string, number>();

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-"));
migrateLocalD1(persistTo);
const siteKey = newSiteKey();
const siteId = await withLocalD1(persistTo, (db) =>
  createSite(db, { siteKey, name: "bench", allowedOrigins: [ORIGIN] }),
);
// A second site with a signed webhook to a real local receiver: its inquiries write the outbox
// row, enqueue after the commit and are delivered by the consumer (in the same workerd, on the
// same cores). The first site has no webhook, so its batch's outbox statement writes nothing.
const arrivals = new Map<string, number>();
const receiver = await startWebhookReceiver({
  onReceive: (m) => {
    const event = JSON.parse(m.body) as { data?: { inquiry?: { id: string } } };
    if (m.verified && event.data?.inquiry) arrivals.set(event.data.inquiry.id, performance.now());
  },
  secret: () => webhookSecret,
});
const webhookSecret = newWebhookSecret();
const notifySite = { siteKey: newSiteKey() };
await withLocalD1(persistTo, async (db) => {
  const siteId = await createSite(db, { siteKey: notifySite.siteKey, name: "bench notify", allowedOrigins: [ORIGIN] });
  await createWebhook(db, { siteId, type: "webhook", url: `${receiver.url}/bench`, secret: webhookSecret });
});
// The receiver is on this machine, which webhooks may reach only with the local setting.
const worker = await startWranglerDev({
  port: PORT,
  persistTo,
  entry: "bench/bench-worker.ts",
  vars: { WEBHOOK_LOCAL_TARGETS: LOCAL_WEBHOOK_TARGETS },
});
try {
  await fetch(`${BASE}/bench/setup`);

  const context = { pageUrl: "https://bench.example/pricing?utm_source=ads", locale: "ja-JP", utm: { source: "ads" } };
  // As the widget sends them: an empty honeypot and the time taken to fill the form (both checked).
  const widgetExtras = { hp: "", fillMs: 6400 };
  let n = 0;
  const lead = () => ({
    submissionId: crypto.randomUUID(),
    email: `lead${n++}@bench.example`,
    resourceId: "whitepaper",
    context,
    ...widgetExtras,
  });
  const FLOOR = "limit() + INSERT";
  const variants: { name: string; url: string; body: () => unknown; yardstick?: string }[] = [
    // What any collector with this rate limit pays at least: the limiter's call, then one INSERT.
    { name: FLOOR, url: `${BASE}/bench/limited-insert`, body: () => inquiryBody() },
    // What any exactly-once collector must write: the contact, the record and the claim.
    { name: "yardstick/inquiry", url: `${BASE}/bench/yardstick/inquiry?siteId=${siteId}`, body: () => inquiryBody() },
    { name: "yardstick/lead", url: `${BASE}/bench/yardstick/lead?siteId=${siteId}`, body: lead },
    {
      name: "collect/inquiry",
      url: `${BASE}/v1/collect/inquiry?site=${siteKey}`,
      body: () => inquiryBody(),
      yardstick: "yardstick/inquiry",
    },
    { name: "collect/lead", url: `${BASE}/v1/collect/lead?site=${siteKey}`, body: lead, yardstick: "yardstick/lead" },
    {
      name: "inquiry + notify",
      url: `${BASE}/v1/collect/inquiry?site=${notifySite.siteKey}`,
      body: () => inquiryBody(),
      yardstick: "yardstick/inquiry",
    },
    ...(STAGES
      ? [
          { name: "inquiry: front", url: `${BASE}/bench/front/v1/collect/inquiry?site=${siteKey}`, body: inquiryBody },
          { name: "inquiry: batch", url: `${BASE}/bench/batch/inquiry?siteId=${siteId}`, body: inquiryBody },
          { name: "lead: front", url: `${BASE}/bench/front/v1/collect/lead?site=${siteKey}`, body: lead },
          { name: "lead: batch", url: `${BASE}/bench/batch/lead?siteId=${siteId}`, body: lead },
        ]
      : []),
  ];
  function inquiryBody() {
    const i = n++;
    return {
      submissionId: crypto.randomUUID(),
      kind: "quote",
      email: `p${i}@bench.example`,
      name: "ベンチ 太郎",
      message: `見積をお願いします ${i}`,
      context,
      ...widgetExtras,
    };
  }
  // Deliveries wait while the rounds run: the consumer sends webhooks in this same workerd on the
  // same cores, which would be measured as collect time. The collect path itself (outbox row in
  // the batch, queue send after the commit) runs in full; the messages are delivered afterwards.
  await fetch(`${BASE}/bench/hold-deliveries`);
  // Each round: PASSES passes over the variants, every other one in reverse order, in slices of
  // equal time; a slice ends at its own deadline from the round's start, so a slow slice's
  // requests in flight do not push the round past its minute.
  const order = Array.from({ length: PASSES }, (_, pass) => (pass % 2 ? [...variants].reverse() : variants)).flat();
  const sliceMs = ROUND_MS / order.length;
  const cpuMs = () => groupCpuMs(worker.pid).get("workerd") ?? 0;
  // Warm-up: every variant once, then in turn until the next minute turns.
  for (const v of variants) await run(v.url, v.body, 200);
  while (WINDOW_MS - (Date.now() % WINDOW_MS) > 3000) {
    for (const v of variants) await runUntil(v.url, v.body, performance.now() + 500);
  }
  type Tally = { count: number; seconds: number; cpu: number };
  const rounds: Map<string, Tally>[] = [];
  let crossed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS + 300 - (Date.now() % WINDOW_MS)));
    const minute = Math.floor(Date.now() / WINDOW_MS);
    const start = performance.now();
    const tally = new Map(variants.map((v) => [v.name, { count: 0, seconds: 0, cpu: 0 }]));
    for (const [k, v] of order.entries()) {
      const before = cpuMs();
      const slice = await runUntil(v.url, v.body, start + (k + 1) * sliceMs);
      const t = tally.get(v.name)!;
      t.count += slice.count;
      t.seconds += slice.seconds;
      t.cpu += cpuMs() - before;
    }
    if (Math.floor(Date.now() / WINDOW_MS) !== minute) crossed++;
    rounds.push(tally);
  }
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const rps = (t: Tally) => t.count / t.seconds;
  const perRequest = (t: Tally) => t.cpu / t.count;
  /** Median (min–max) over the rounds of `f` of a round. */
  const spread = (f: (round: Map<string, Tally>) => number) => {
    const xs = rounds.map(f);
    return `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  };
  const hasCpu = rounds.some((r) => r.get(FLOOR)!.cpu > 0);
  console.log(
    `\n${ROUNDS} rounds, one limiter window (minute) each: ${PASSES} passes over the variants, every other one reversed,` +
      ` ${(sliceMs / 1000).toFixed(2)} s per slice; concurrency ${CONCURRENCY}, wrangler dev + local D1` +
      (crossed ? `\n  (${crossed} round(s) ran past their minute: the limiter's table was emptied within them)` : "") +
      `\nmedian round (min–max round) of: throughput ÷ the same round's floor / yardstick's, and the floor's / yardstick's workerd CPU per request ÷ the variant's` +
      `\n${"".padEnd(20)} req/s   CPU/req   req/s ÷ floor      CPU: floor ÷      req/s ÷ yardstick  CPU: yardstick ÷`,
  );
  for (const v of variants) {
    const ratio = (other: string, f: (t: Tally, o: Tally) => number) =>
      spread((r) => f(r.get(v.name)!, r.get(other)!)).padEnd(19);
    const line = [
      `  ${v.name.padEnd(18)}`,
      median(rounds.map((r) => rps(r.get(v.name)!)))
        .toFixed(0)
        .padStart(5),
      hasCpu ? `${median(rounds.map((r) => perRequest(r.get(v.name)!))).toFixed(2)} ms` : "n/a (no /proc)",
      v.name === FLOOR ? "" : ratio(FLOOR, (t, o) => rps(t) / rps(o)),
      v.name === FLOOR || !hasCpu ? "" : ratio(FLOOR, (t, o) => perRequest(o) / perRequest(t)),
      v.yardstick ? ratio(v.yardstick, (t, o) => rps(t) / rps(o)) : "",
      v.yardstick && hasCpu ? ratio(v.yardstick, (t, o) => perRequest(o) / perRequest(t)) : "",
    ];
    console.log(line.join("  ").trimEnd());
  }
  console.log("  (webhook deliveries held during the rounds; the enqueue is in the measured path)");

  // Notification latency: from sending the collect request to the receiver holding the verified
  // webhook, 4 inquiries in flight (a busy site), after the throughput rounds have drained.
  // Drain first: every "inquiry + notify" request of the rounds (and warm-up) is delivered.
  // The rounds' messages are dropped rather than delivered (deliveries are not what they measure,
  // and thousands of them would take minutes); the latency run starts with an empty queue.
  await fetch(`${BASE}/bench/release-deliveries?drop=1`);
  const notifyUrl = variants.find((v) => v.name === "inquiry + notify")!.url;
  const drained = Date.now() + 120_000;
  let dropped = 0;
  while (dropped + arrivals.size < (answered.get(notifyUrl) ?? 0) && Date.now() < drained) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    dropped = ((await (await fetch(`${BASE}/bench/dropped`)).json()) as { dropped: number }).dropped;
  }
  console.log(
    `  (${answered.get(notifyUrl)} notifications sent in the rounds: ${dropped} dropped, ${arrivals.size} delivered)`,
  );
  const sentAt = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < LATENCY_SAMPLES) {
        next++;
        const start = performance.now();
        const res = await fetch(`${BASE}/v1/collect/inquiry?site=${notifySite.siteKey}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": visitorAddress() },
          body: JSON.stringify(inquiryBody()),
        });
        if (res.status !== 201) throw new Error(`latency inquiry: ${res.status} ${await res.text()}`);
        sentAt.set(((await res.json()) as { id: string }).id, start);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  const deadline = Date.now() + 30_000;
  while ([...sentAt.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const latencies = [...sentAt].flatMap(([id, start]) => (arrivals.has(id) ? [arrivals.get(id)! - start] : []));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
  console.log(
    `\nNotification latency, collect request → verified webhook at a local receiver (${latencies.length}/${sentAt.size} arrived):` +
      `\n  p50 ${pct(50).toFixed(0)} ms   p95 ${pct(95).toFixed(0)} ms   max ${(latencies.at(-1) ?? NaN).toFixed(0)} ms`,
  );
} finally {
  await receiver.close();
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

/** POSTs a new body to `url`, as the widget does from a new visitor address; fails on any non-2xx. */
async function post(url: string, body: () => unknown) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": visitorAddress() },
    body: JSON.stringify(body()),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  answered.set(url, (answered.get(url) ?? 0) + 1);
}

/** Sends `count` POSTs with CONCURRENCY in flight. */
async function run(url: string, body: () => unknown, count: number) {
  let sent = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < count) {
        sent++;
        await post(url, body);
      }
    }),
  );
}

/** Sends POSTs with CONCURRENCY in flight until `end` (performance.now()); returns how many were answered and in what time. */
async function runUntil(url: string, body: () => unknown, end: number) {
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await post(url, body);
        count++;
      }
    }),
  );
  return { count, seconds: (performance.now() - start) / 1000 };
}
