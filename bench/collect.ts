// npm run bench: throughput of POST /v1/collect/{inquiry,lead} against one raw INSERT per
// request, in the same local workerd + D1 (wrangler dev), same client, same concurrency; and,
// since throughput moves with whatever else runs on the machine, workerd's CPU time per request.
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
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ORIGIN = "https://bench.example";
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 200);
// Stage probes beside the routes (bench-worker.ts): the route with its batch replaced by the
// floor's one INSERT, and the batch alone. Off by default: the lead's run stays the same length.
const STAGES = process.env.BENCH_STAGES === "1";

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
  const variants: { name: string; url: string; body: () => unknown }[] = [
    { name: "raw INSERT", url: `${BASE}/bench/raw-insert`, body: () => inquiryBody() },
    // What any collector with this rate limit pays at least: the limiter's call, then one INSERT.
    { name: "limit() + raw INSERT", url: `${BASE}/bench/limited-insert`, body: () => inquiryBody() },
    { name: "collect/inquiry", url: `${BASE}/v1/collect/inquiry?site=${siteKey}`, body: () => inquiryBody() },
    {
      name: "inquiry + notify",
      url: `${BASE}/v1/collect/inquiry?site=${notifySite.siteKey}`,
      body: () => inquiryBody(),
    },
    { name: "collect/lead", url: `${BASE}/v1/collect/lead?site=${siteKey}`, body: lead },
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
  // Warm-up, then interleaved rounds so drift affects every variant alike; the best round counts
  // for throughput, the median round for CPU time.
  for (const v of variants) await run(v.url, v.body, 200);
  const best: Record<string, number> = {};
  const cpu: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) {
      const before = groupCpuMs(worker.pid).get("workerd") ?? 0;
      best[v.name] = Math.max(best[v.name] ?? 0, await run(v.url, v.body, REQUESTS));
      cpu[v.name]!.push(((groupCpuMs(worker.pid).get("workerd") ?? 0) - before) / REQUESTS);
    }
  }
  const raw = best["raw INSERT"]!;
  const floor = best["limit() + raw INSERT"]!;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\n${REQUESTS} requests × ${ROUNDS} rounds, concurrency ${CONCURRENCY}, wrangler dev + local D1` +
      `\n${"".padEnd(22)} req/s (best round)   vs raw INSERT   vs limit() + INSERT   workerd CPU/request (median round)`,
  );
  for (const v of variants) {
    const rps = best[v.name]!;
    console.log(
      `  ${v.name.padEnd(20)} ${rps.toFixed(0).padStart(6)}               ${(rps / raw).toFixed(2)}×` +
        `           ${(rps / floor).toFixed(2)}×` +
        `                 ${cpu[v.name]!.some((ms) => ms > 0) ? `${median(cpu[v.name]!).toFixed(2)} ms` : "n/a (no /proc)"}`,
    );
  }
  console.log("  (webhook deliveries held during the rounds; the enqueue is in the measured path)");

  // Notification latency: from sending the collect request to the receiver holding the verified
  // webhook, 4 inquiries in flight (a busy site), after the throughput rounds have drained.
  // Drain first: every "inquiry + notify" request of the rounds (and warm-up) is delivered.
  await fetch(`${BASE}/bench/release-deliveries`);
  const drained = Date.now() + 300_000;
  while (arrivals.size < 200 + ROUNDS * REQUESTS && Date.now() < drained) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log(`  (${arrivals.size} notifications of the rounds delivered before the latency run)`);
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

/** Sends `count` POSTs with CONCURRENCY in flight; returns requests per second. Fails on any non-2xx. */
async function run(url: string, body: () => unknown, count: number): Promise<number> {
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < count) {
        sent++;
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": visitorAddress() },
          body: JSON.stringify(body()),
        });
        if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}
