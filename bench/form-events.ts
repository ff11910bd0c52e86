// npm run bench:form-events: what form analytics costs D1, through the real path (wrangler dev:
// workerd + local D1, the worker wrapped to count its D1 calls, bench/form-events-worker.ts).
// 1. D1 writes (statements, batches and their time) per 1,000 page views: the beacons 1,000 page
//    views send, as fast as they come and paced over 20 seconds, against one write per beacon
//    (the yardstick); then a flood of beacons for made-up pages (a new page each, on the site's
//    origin) past the 200 pages a form keeps a day.
// 2. GET /v1/forms/stats and /v1/stats p50 / p95 on a seeded database, beside GET /v1/site (the
//    in-run yardstick); /v1/stats before and after the form counters are there (it adds views).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { localDate } from "../app/views/kpi/period.ts";
import { migrateLocalD1, startWranglerDev, type WranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import type { FormBeacon } from "../shared/form-analytics.ts";
import { insertApiKey } from "../worker/db/api-keys.ts";
import { createSite } from "../worker/db/sites.ts";
import { hashApiKey, newApiKey, newSiteKey } from "../worker/lib/keys.ts";
import { localD1File, prng, seedLocalD1 } from "./team-api-seed.ts";
import { visitorAddress } from "./visitors.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8794);
const BASE = `http://localhost:${PORT}`;
const ORIGIN = "https://bench.example";
const PAGE_VIEWS = 1000;
const CONCURRENCY = 16;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
// BENCH_SCALE=0.1 tries the script quickly on less seeded data.
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEED = { leads: Math.round(100_000 * SCALE), inquiries: Math.round(10_000 * SCALE) };
const SEED_PAGES = Math.round(100 * SCALE) || 1;
const DAY = 86_400_000;

const FIELDS = ["email", "name", "company", "message"];

/**
 * The beacons of `n` page views on 25 pages: an inline demo form seen on 60 % of them, the quote
 * dialog opened on 15 %, one of 5 download forms on 25 %; a fifth of the forms seen are started,
 * 40 % of those sent (a quarter after a refused e-mail), the others left at some field. A page
 * view that counted nothing sends no beacon.
 */
function pageViews(n: number): FormBeacon[] {
  const random = prng(0xf0f0);
  const beacons: FormBeacon[] = [];
  for (let i = 0; i < n; i++) {
    const forms: FormBeacon["forms"] = [];
    const seen = (form: string, share: number) => {
      if (random() >= share) return;
      const f: FormBeacon["forms"][number] = { form, views: 1 };
      if (random() < 0.2) {
        f.starts = 1;
        if (random() < 0.4) {
          f.submits = random() < 0.25 ? 2 : 1;
          if (f.submits === 2) f.errors = { email: 1 };
        } else f.abandons = { [FIELDS[Math.floor(random() * FIELDS.length)]!]: 1 };
      }
      forms.push(f);
    };
    seen("inquiry:demo", 0.6);
    seen("inquiry:quote", 0.15);
    seen(`lead:guide-${Math.floor(random() * 5)}`, 0.25);
    if (forms.length) beacons.push({ page: `${ORIGIN}/p/${Math.floor(random() * 25)}`, forms });
  }
  return beacons;
}

/** The counters a beacon names (form rows and field rows): what one write per beacon would UPSERT. */
const countersIn = (b: FormBeacon) =>
  b.forms.reduce(
    (sum, f) =>
      sum +
      (f.views || f.starts || f.submits ? 1 : 0) +
      Object.keys(f.errors ?? {}).length +
      Object.keys(f.abandons ?? {}).length,
    0,
  );

interface Calls {
  writeBatches: number;
  writeStatements: number;
  readStatements: number;
  writeMs: number;
}

/** `n` beacons of a script: one view of the demo form each, every one on a page never seen before. */
const madeUpPages = (n: number, round: number): FormBeacon[] =>
  Array.from({ length: n }, (_, i) => ({
    page: `${ORIGIN}/made-up/${round}-${i}`,
    forms: [{ form: "inquiry:demo", views: 1, abandons: { email: 1 } }],
  }));

const d1Calls = async (reset = false) =>
  (await (await fetch(`${BASE}/bench/d1-calls`, { method: reset ? "POST" : "GET" })).json()) as Calls;

async function sendBeacon(siteKey: string, beacon: FormBeacon) {
  const res = await fetch(`${BASE}/v1/form-events?site=${siteKey}`, {
    method: "POST",
    headers: { "content-type": "text/plain", origin: ORIGIN, "cf-connecting-ip": visitorAddress() },
    body: JSON.stringify(beacon),
  });
  if (res.status !== 204) throw new Error(`form-events: ${res.status} ${await res.text()}`);
}

/** Sends the beacons CONCURRENCY at a time, each not before its slot of `overMs` (0: at once). */
async function sendAll(siteKey: string, beacons: FormBeacon[], overMs: number) {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < beacons.length; i = next++) {
      const due = start + (overMs * i) / beacons.length - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      await sendBeacon(siteKey, beacons[i]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return performance.now() - start;
}

/** p50 / p95 (nearest rank) in ms of RUNS sequential GETs after 3 warm-ups. */
async function latency(path: string, apiKey: string) {
  const ms: number[] = [];
  for (let run = -3; run < RUNS; run++) {
    const t0 = performance.now();
    const res = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${text}`);
    if (run >= 0) ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const rank = (p: number) => ms[Math.ceil((p / 100) * ms.length) - 1]!;
  return { p50: rank(50), p95: rank(95) };
}

/** Form counters for 90 days: SEED_PAGES pages × 7 forms a day, and 2 field rows per form and day. */
function seedFormStats(file: string, siteId: string, timeZone: string, now: number) {
  const random = prng(0xa11);
  const db = new DatabaseSync(file);
  db.exec("BEGIN");
  // The counters of part 1 go: these rows replace them.
  db.prepare("DELETE FROM form_stats WHERE site_id = ?").run(siteId);
  db.prepare("DELETE FROM form_field_stats WHERE site_id = ?").run(siteId);
  const form = db.prepare(
    "INSERT INTO form_stats (site_id, day, form, page, views, starts, submits) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const field = db.prepare(
    "INSERT INTO form_field_stats (site_id, day, form, page, field, errors, abandons) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const forms = [
    "inquiry:demo",
    "inquiry:quote",
    "inquiry:contact",
    ...Array.from({ length: 4 }, (_, i) => `lead:r${i}`),
  ];
  let rows = 0;
  for (let d = 0; d < 90; d++) {
    const day = localDate(timeZone, now - d * DAY);
    for (let p = 0; p < SEED_PAGES; p++) {
      for (const f of forms) {
        const views = 1 + Math.floor(random() * 200);
        const page = `${ORIGIN}/p/${p}`;
        form.run(siteId, day, f, page, views, Math.floor(views * 0.2), Math.floor(views * 0.08));
        field.run(siteId, day, f, page, "email", Math.floor(views * 0.02), Math.floor(views * 0.03));
        field.run(siteId, day, f, page, "company", 0, Math.floor(views * 0.05));
        rows += 3;
      }
    }
  }
  db.exec("COMMIT");
  db.close();
  return rows;
}

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-forms-"));
let dev: WranglerDev | undefined;
// A flush that failed is logged by the worker and its counts dropped: the bench says so.
let failedFlushes = 0;
const start = async () => {
  dev = await startWranglerDev({
    port: PORT,
    persistTo,
    entry: "bench/form-events-worker.ts",
    log: (text) => {
      if (text.includes("could not store form analytics counts")) {
        failedFlushes++;
        console.log(text.trim().split("\n").slice(0, 3).join(" "));
      }
    },
  });
};
const stop = async () => {
  await dev?.stop();
  dev = undefined;
};
try {
  migrateLocalD1(persistTo);
  const siteKey = newSiteKey();
  const apiKey = newApiKey();
  const site = await withLocalD1(persistTo, async (db) => {
    const id = await createSite(db, { siteKey, name: "bench forms", allowedOrigins: [ORIGIN] });
    await insertApiKey(db, { siteId: id, keyHash: await hashApiKey(apiKey), name: "bench", scope: "read" });
    const { results } = await db
      .prepare("SELECT time_zone AS tz FROM sites WHERE id = ?")
      .bind(id)
      .all<{ tz: string }>();
    return { id, timeZone: results[0]!.tz };
  });

  // 1. D1 writes per 1,000 page views.
  const beacons = pageViews(PAGE_VIEWS);
  const counters = beacons.reduce((sum, b) => sum + countersIn(b), 0);
  const views = beacons.reduce((sum, b) => sum + b.forms.reduce((s, f) => s + (f.views ?? 0), 0), 0);
  await start();
  console.log(
    `\nForm analytics: ${PAGE_VIEWS} page views → ${beacons.length} beacons naming ${counters} counters (wrangler dev + local D1)`,
  );
  console.log(
    "| arrival | took (s) | D1 write batches | D1 write statements | write ms (per statement) | per beacon (one write each) |",
  );
  console.log("| --- | --: | --: | --: | --: | --: |");
  const FLOOD = 1000;
  let madeUp = 0;
  for (const [label, overMs, sent] of [
    ["as fast as they come (16 at a time)", 0, beacons],
    ["paced over 20 s (50 page views/s)", 20_000, beacons],
    [`a script: ${FLOOD} made-up pages at once`, 0, madeUpPages(FLOOD, 1)],
    [`the same again, ${FLOOD} more`, 0, madeUpPages(FLOOD, 2)],
  ] as const) {
    await d1Calls(true);
    const took = await sendAll(siteKey, sent, overMs);
    // The isolate writes what it added up about a second after the first beacon of each round.
    await new Promise((r) => setTimeout(r, 2500));
    const c = await d1Calls();
    if (sent !== beacons) madeUp += FLOOD;
    const perStatement = c.writeStatements ? (c.writeMs / c.writeStatements).toFixed(3) : "-";
    console.log(
      `| ${label} | ${(took / 1000).toFixed(1)} | ${c.writeBatches} | ${c.writeStatements} | ${c.writeMs.toFixed(1)} (${perStatement}) | ${sent.length} batches, ${sent.reduce((n, b) => n + countersIn(b), 0)} statements |`,
    );
  }
  // /v1/stats adds up every form and page (/v1/forms/stats lists the 100 most viewed pairs).
  const stats = (await (
    await fetch(`${BASE}/v1/stats?interval=day`, { headers: { authorization: `Bearer ${apiKey}` } })
  ).json()) as { forms: { views: number } };
  const counted = stats.forms.views;
  console.log(
    `views counted ${counted}, sent ${2 * views + madeUp} (four rounds): ${counted === 2 * views + madeUp ? "equal" : "DIFFERENT"}; failed flushes: ${failedFlushes}`,
  );
  await stop();
  // Read once wrangler dev has let go of the file.
  const counterDb = new DatabaseSync(localD1File(persistTo), { readOnly: true });
  const kept = counterDb
    .prepare("SELECT count(*) AS pages FROM form_stats WHERE site_id = ? AND form = 'inquiry:demo'")
    .get(site.id) as { pages: number };
  counterDb.close();
  console.log(`inquiry:demo rows kept after ${madeUp} made-up pages: ${kept?.pages} (25 real pages)`);

  // 2. Read latency on a seeded database.
  const file = localD1File(persistTo);
  const now = Date.now();
  seedLocalD1(file, [{ id: site.id, share: 1 }], SEED, 1, now);
  const today = localDate(site.timeZone, now);
  const month = `from=${localDate(site.timeZone, now - 29 * DAY)}&to=${today}`;
  const quarter = `from=${localDate(site.timeZone, now - 89 * DAY)}&to=${today}`;
  const paths: [string, string][] = [
    ["GET /v1/site (yardstick)", "/v1/site"],
    ["GET /v1/stats 30 days by day", `/v1/stats?${month}&interval=day`],
    ["GET /v1/stats 90 days by week", `/v1/stats?${quarter}&interval=week`],
    ["GET /v1/forms/stats 30 days by day", `/v1/forms/stats?${month}&interval=day`],
    ["GET /v1/forms/stats 90 days by week", `/v1/forms/stats?${quarter}&interval=week`],
  ];
  const table = new Map<string, string[]>();
  for (const stage of ["no form counters", "with form counters"]) {
    if (stage === "with form counters") {
      const rows = seedFormStats(file, site.id, site.timeZone, now);
      console.log(`\nseeded ${rows} counter rows (${SEED_PAGES} pages × 7 forms × 90 days, 2 fields each)`);
    }
    await start();
    for (const [name, path] of paths) {
      const { p50, p95 } = await latency(path, apiKey);
      table.set(name, [...(table.get(name) ?? []), `${p50.toFixed(1)} / ${p95.toFixed(1)}`]);
    }
    await stop();
  }
  console.log(
    `\nRead latency, p50 / p95 ms of ${RUNS} sequential requests (${SEED.leads} leads, ${SEED.inquiries} inquiries):`,
  );
  console.log("| request | no form counters | with form counters |");
  console.log("| --- | --: | --: |");
  for (const [name, cells] of table) console.log(`| ${name} | ${cells.join(" | ")} |`);
} finally {
  await stop();
  rmSync(persistTo, { recursive: true, force: true });
}
