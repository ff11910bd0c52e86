// npm run bench:burst: a campaign mail going out. 1,000 submissions arrive within 10 s at one
// site, each from its own visitor address, through the real collect path (wrangler dev + local
// D1, the real worker); then the same at 10 sites at once (10,000 in 10 s). Arrivals are open
// loop: each request leaves at its planned time whatever the earlier ones are doing, as visitors
// do not wait for each other. Prints collect p50/p99 and errors per phase, beside the yardstick
// of the machine (one request at a time before the bursts), and checks that every 2xx is stored.
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1, queryLocalD1, startWranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import { LOCAL_WEBHOOK_TARGETS, startWebhookReceiver } from "../scripts/webhook-receiver.ts";
import { newWebhookSecret } from "../shared/webhook-signature.ts";
import { createSite } from "../worker/db/sites.ts";
import { createWebhook } from "../worker/db/webhooks.ts";
import { newSiteKey } from "../worker/lib/keys.ts";
import { groupCpuMs } from "./process-cpu.ts";
import { visitorAddress } from "./visitors.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8799);
const BASE = `http://localhost:${PORT}`;
const PER_SITE = Number(process.env.BENCH_BURST ?? 1000);
const SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 10);
const SITES = Number(process.env.BENCH_BURST_SITES ?? 10);
/** Share of the submissions that are inquiries; the rest are downloads (leads). */
const INQUIRY_SHARE = 0.3;
/** A request still unanswered after this long counts as an error (a visitor's widget would retry). */
const TIMEOUT_MS = 30_000;
/** Connections the client keeps open to the collector (wrangler dev). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const ORIGIN = "https://campaign.example";

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-burst-"));
migrateLocalD1(persistTo);
// Every site notifies a webhook, as a hosted site would: each inquiry also writes its outbox row,
// is sent to the queue and delivered by the consumer, in the same workerd and the same D1.
const receiver = await startWebhookReceiver({ secret: () => secret });
const secret = newWebhookSecret();
const sites = await withLocalD1(persistTo, async (db) => {
  const made: { id: string; key: string }[] = [];
  for (let i = 0; i < Math.max(SITES, 2); i++) {
    const key = newSiteKey();
    const id = await createSite(db, { siteKey: key, name: `campaign ${i}`, allowedOrigins: [ORIGIN] });
    await createWebhook(db, { siteId: id, type: "webhook", url: `${receiver.url}/burst`, secret });
    made.push({ id, key });
  }
  return made;
});
const worker = await startWranglerDev({
  port: PORT,
  persistTo,
  vars: { WEBHOOK_LOCAL_TARGETS: LOCAL_WEBHOOK_TARGETS },
});

const context = { pageUrl: "https://campaign.example/lp?utm_source=mail&utm_campaign=dec", locale: "ja-JP" };
let n = 0;
function submission(): { kind: "lead" | "inquiry"; body: unknown } {
  const i = n++;
  const common = { submissionId: crypto.randomUUID(), email: `v${i}@campaign.example`, context, hp: "", fillMs: 5200 };
  return Math.random() < INQUIRY_SHARE
    ? { kind: "inquiry", body: { ...common, kind: "demo", name: "キャンペーン 太郎", message: `デモ希望 ${i}` } }
    : { kind: "lead", body: { ...common, resourceId: "dec-whitepaper" } };
}

interface Outcome {
  ms: number;
  status: number | "timeout" | "network";
}

// Each submission from its own address (bench/visitors.ts): the collect limit is per site and
// address (20 a minute), so a campaign's visitors are never refused by it, and nothing else
// limits a site's total (docs/decisions/0017-outgrowing-one-d1.md).
// Kept-alive connections, at most CONNECTIONS at once; a request waiting for one counts its wait,
// as a visitor's would while the collector is busy.
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function send(siteKey: string): Promise<Outcome> {
  const { kind, body } = submission();
  const payload = JSON.stringify(body);
  const start = performance.now();
  return new Promise((resolve) => {
    const done = (status: Outcome["status"]) => resolve({ ms: performance.now() - start, status });
    const req = request(
      `${BASE}/v1/collect/${kind}?site=${siteKey}`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          origin: ORIGIN,
          "cf-connecting-ip": visitorAddress(),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
        res.on("error", () => done("network"));
      },
    );
    req.setTimeout(TIMEOUT_MS, () => {
      req.destroy();
      done("timeout");
    });
    req.on("error", () => done("network"));
    req.end(payload);
  });
}

/** `PER_SITE` submissions to each of `siteKeys`, spread evenly over SECONDS, open loop. */
async function burst(siteKeys: string[]) {
  const total = PER_SITE * siteKeys.length;
  const gapMs = (SECONDS * 1000) / total;
  const start = performance.now();
  const cpuBefore = groupCpuMs(worker.pid).get("workerd") ?? 0;
  let lateMs = 0;
  const pending: Promise<Outcome>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * gapMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lateMs = Math.max(lateMs, performance.now() - due);
    pending.push(send(siteKeys[i % siteKeys.length]!));
  }
  const sentIn = performance.now() - start;
  const outcomes = await Promise.all(pending);
  const doneIn = performance.now() - start;
  const cpuMs = (groupCpuMs(worker.pid).get("workerd") ?? 0) - cpuBefore;
  return { total, outcomes, sentIn, doneIn, lateMs, cpuMs };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

function report(name: string, r: Awaited<ReturnType<typeof burst>>, yardstickMs: number) {
  const ok = r.outcomes.filter((o) => typeof o.status === "number" && o.status >= 200 && o.status < 300);
  const times = ok.map((o) => o.ms).sort((a, b) => a - b);
  const errors = new Map<string, number>();
  for (const o of r.outcomes)
    if (!ok.includes(o)) errors.set(String(o.status), (errors.get(String(o.status)) ?? 0) + 1);
  const p50 = pct(times, 50);
  const p99 = pct(times, 99);
  console.log(
    `\n${name}: ${r.total} submissions planned over ${SECONDS} s (sent in ${(r.sentIn / 1000).toFixed(1)} s, the client at most ${r.lateMs.toFixed(0)} ms late), all answered after ${(r.doneIn / 1000).toFixed(1)} s` +
      `\n  stored ${ok.length}, errors ${r.total - ok.length}${errors.size ? ` (${[...errors].map(([s, c]) => `${s}×${c}`).join(" ")})` : ""}` +
      `\n  collect p50 ${p50.toFixed(0)} ms (${(p50 / yardstickMs).toFixed(1)}× the yardstick)   p99 ${p99.toFixed(0)} ms (${(p99 / yardstickMs).toFixed(1)}×)   max ${(times.at(-1) ?? NaN).toFixed(0)} ms` +
      `\n  throughput ${(ok.length / (r.doneIn / 1000)).toFixed(0)} stored/s   workerd CPU ${r.cpuMs > 0 ? `${(r.cpuMs / r.total).toFixed(2)} ms per submission` : "n/a (no /proc)"}`,
  );
  return ok.length;
}

try {
  // Warm-up (isolate, site cache, D1 pages), then the yardstick: one request at a time.
  for (let i = 0; i < 50; i++) await send(sites[1]!.key);
  const single: number[] = [];
  for (let i = 0; i < 100; i++) single.push((await send(sites[1]!.key)).ms);
  single.sort((a, b) => a - b);
  const yardstick = pct(single, 50);
  console.log(
    `Yardstick (this machine now): one collect request at a time, p50 ${yardstick.toFixed(1)} ms, p99 ${pct(single, 99).toFixed(1)} ms`,
  );
  const countStored = async (siteIds: string[]) =>
    (
      await queryLocalD1<{ n: number }>(
        persistTo,
        `SELECT (SELECT count(*) FROM leads WHERE site_id IN (${siteIds.map((id) => `'${id}'`).join(",")})) + (SELECT count(*) FROM inquiries WHERE site_id IN (${siteIds.map((id) => `'${id}'`).join(",")})) AS n`,
      )
    )[0]!.n;

  const one = await burst([sites[0]!.key]);
  const okOne = report("One site", one, yardstick);
  const storedOne = await countStored([sites[0]!.id]);
  if (storedOne !== okOne) throw new Error(`one site: ${okOne} answered 2xx but ${storedOne} stored`);

  // Let the consumer deliver the first burst's notifications before the next burst starts.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const others = sites.slice(0, SITES);
  const before = await countStored(others.map((s) => s.id));
  const many = await burst(others.map((s) => s.key));
  const okMany = report(`${SITES} sites at once`, many, yardstick);
  const storedMany = (await countStored(others.map((s) => s.id))) - before;
  if (storedMany !== okMany) throw new Error(`${SITES} sites: ${okMany} answered 2xx but ${storedMany} stored`);
  console.log("\nEvery 2xx answer is a stored lead or inquiry (counted in D1 after each burst).");
} finally {
  agent.destroy();
  await receiver.close();
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
