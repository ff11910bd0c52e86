// npm run bench: throughput of POST /v1/collect/{inquiry,lead} against one raw INSERT per
// request, in the same local workerd + D1 (wrangler dev), same client, same concurrency.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1, startWranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import { createSite } from "../worker/db/sites.ts";
import { newSiteKey } from "../worker/lib/keys.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const BASE = `http://localhost:${PORT}`;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = 3;
const ORIGIN = "https://bench.example";

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-"));
migrateLocalD1(persistTo);
const siteKey = newSiteKey();
await withLocalD1(persistTo, (db) => createSite(db, { siteKey, name: "bench", allowedOrigins: [ORIGIN] }));
const worker = await startWranglerDev({ port: PORT, persistTo, entry: "bench/bench-worker.ts" });
try {
  await fetch(`${BASE}/bench/setup`);

  const context = { pageUrl: "https://bench.example/pricing?utm_source=ads", locale: "ja-JP", utm: { source: "ads" } };
  let n = 0;
  const bodies = {
    "raw INSERT": () => inquiryBody(),
    "collect/inquiry": () => inquiryBody(),
    "collect/lead": () => ({
      submissionId: crypto.randomUUID(),
      email: `lead${n++}@bench.example`,
      resourceId: "whitepaper",
      context,
    }),
  };
  function inquiryBody() {
    const i = n++;
    return {
      submissionId: crypto.randomUUID(),
      kind: "quote",
      email: `p${i}@bench.example`,
      name: "ベンチ 太郎",
      message: `見積をお願いします ${i}`,
      context,
    };
  }
  const urls: Record<keyof typeof bodies, string> = {
    "raw INSERT": `${BASE}/bench/raw-insert`,
    "collect/inquiry": `${BASE}/v1/collect/inquiry?site=${siteKey}`,
    "collect/lead": `${BASE}/v1/collect/lead?site=${siteKey}`,
  };

  // Warm-up, then interleaved rounds so drift affects every variant alike; the best round counts.
  for (const name of Object.keys(bodies) as (keyof typeof bodies)[]) await run(urls[name], bodies[name], 200);
  const best: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(bodies) as (keyof typeof bodies)[]) {
      best[name] = Math.max(best[name] ?? 0, await run(urls[name], bodies[name], REQUESTS));
    }
  }
  const raw = best["raw INSERT"]!;
  console.log(
    `\n${REQUESTS} requests × ${ROUNDS} rounds, concurrency ${CONCURRENCY}, wrangler dev + local D1 (best round)`,
  );
  for (const [name, rps] of Object.entries(best)) {
    console.log(`  ${name.padEnd(16)} ${rps.toFixed(0).padStart(6)} req/s   ${(rps / raw).toFixed(2)}× raw INSERT`);
  }
} finally {
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
          headers: { "content-type": "application/json", origin: ORIGIN },
          body: JSON.stringify(body()),
        });
        if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}
