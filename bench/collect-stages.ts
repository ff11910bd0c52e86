// BENCH_STAGES: where the collect path's CPU goes, stage by stage, in workerd (wrangler dev +
// local D1). Each stage runs n times inside one request to bench-worker.ts's /bench/loop, so
// workerd's CPU time per run (from /proc) is that stage's own: no HTTP parsing, no client, no
// concurrency. Stages are interleaved round by round; medians of the rounds are printed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1, startWranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import { createSite } from "../worker/db/sites.ts";
import { newSiteKey } from "../worker/lib/keys.ts";
import { groupCpuMs } from "./process-cpu.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8797);
const RUNS = Number(process.env.BENCH_STAGE_RUNS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const STAGES = (
  process.env.BENCH_STAGE_LIST ??
  "floor,inquiry,lead,inquiry-front,lead-front,inquiry-batch,lead-batch,limit,insert,healthz"
).split(",");

// BENCH_LIMITER_KEYS=0,2500,5000,8000: instead of the stages, one limit() call's cost against the
// number of keys the limiter holds. miniflare's limiter (a Durable Object over SQLite) deletes the
// buckets of past windows on every key it has not seen in the current window, with a statement
// that reads its whole table; windows follow the wall clock, so the table is emptied once a
// minute and then grows by one row per new key. Each round starts in a fresh minute and fills the
// table up to each size in turn, timing BENCH_STAGE_RUNS calls at each.
const LIMITER_KEYS = process.env.BENCH_LIMITER_KEYS?.split(",").map(Number);

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-stages-"));
migrateLocalD1(persistTo);
const siteKey = newSiteKey();
const siteId = await withLocalD1(persistTo, (db) =>
  createSite(db, { siteKey, name: "bench", allowedOrigins: ["https://bench.example"] }),
);
const worker = await startWranglerDev({ port: PORT, persistTo, entry: "bench/bench-worker.ts" });
try {
  const base = `http://localhost:${PORT}`;
  await fetch(`${base}/bench/setup`);
  const loop = async (stage: string, n: number) => {
    const res = await fetch(
      `${base}/bench/loop?stage=${encodeURIComponent(stage)}&n=${n}&site=${siteKey}&siteId=${siteId}`,
    );
    if (!res.ok) throw new Error(`${stage}: ${res.status} ${await res.text()}`);
  };
  if (LIMITER_KEYS) await limiterByKeys(loop);
  else await stages(loop);
} finally {
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

async function limiterByKeys(loop: (stage: string, n: number) => Promise<void>) {
  const sizes = LIMITER_KEYS ?? [];
  const ms: number[][] = sizes.map(() => []);
  const cpu = () => groupCpuMs(worker.pid).get("workerd") ?? 0;
  await loop("limit", 50);
  for (let round = 0; round < ROUNDS; round++) {
    // Into the next minute: its first new key empties the table.
    await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
    const minute = Math.floor(Date.now() / 60_000);
    let keys = 0;
    const taken: number[] = [];
    for (const size of sizes) {
      if (size > keys) await loop("limit", size - keys);
      const before = cpu();
      await loop("limit", RUNS);
      taken.push((cpu() - before) / RUNS);
      keys = size + RUNS;
    }
    if (Math.floor(Date.now() / 60_000) !== minute) {
      console.log(`  round ${round}: crossed into the next minute, not counted`);
      continue;
    }
    for (const [i, x] of taken.entries()) ms[i]!.push(x);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `\nlimit() with fresh keys, workerd CPU per call (median of ${ms[0]!.length} rounds, ${RUNS} calls each)`,
  );
  sizes.forEach((size, i) => {
    console.log(`  ${String(size).padStart(6)}–${size + RUNS} keys held   ${median(ms[i]!).toFixed(3)} ms`);
  });
}

async function stages(loop: (stage: string, n: number) => Promise<void>) {
  for (const stage of STAGES) await loop(stage, 50);
  const ms: Record<string, number[]> = Object.fromEntries(STAGES.map((s) => [s, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const stage of STAGES) {
      const before = groupCpuMs(worker.pid).get("workerd") ?? 0;
      await loop(stage, RUNS);
      ms[stage]!.push(((groupCpuMs(worker.pid).get("workerd") ?? 0) - before) / RUNS);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const floor = median(ms.floor ?? [NaN]);
  console.log(`\n${RUNS} runs × ${ROUNDS} rounds per stage; workerd CPU per run, median round (min–max)`);
  for (const stage of STAGES) {
    const xs = ms[stage]!;
    console.log(
      `  ${stage.padEnd(14)} ${median(xs).toFixed(3)} ms  (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})` +
        `  floor ÷ stage ${(floor / median(xs)).toFixed(2)}${pairedWithFull(stage, ms, median)}`,
    );
  }
}

// An ablation variant against the full batch of its kind, round by round: the load moves both
// alike within a round, so the median of the differences is steadier than the difference of the
// medians.
function pairedWithFull(stage: string, ms: Record<string, number[]>, median: (xs: number[]) => number) {
  const kind = /^abl-(inquiry|lead)-/.exec(stage)?.[1];
  const full = ms[`abl-${kind}-full`];
  if (!kind || !full || stage === `abl-${kind}-full`) return "";
  const diffs = ms[stage]!.map((x, i) => x - full[i]!);
  return `  − full ${median(diffs).toFixed(3)} (${Math.min(...diffs).toFixed(2)}–${Math.max(...diffs).toFixed(2)})`;
}
