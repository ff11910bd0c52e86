// npm run bench:api: latency of the team API on a local D1 seeded with 1,000 then 100,000
// inquiries (10,000 then 1,000,000 leads) across 3 sites, read through `wrangler dev`, plus the
// EXPLAIN QUERY PLAN of what each endpoint runs and the database's bytes. Endpoints not on main
// yet print "n/a".
// BENCH_DB=<folder> keeps the seeded database in that folder: a later run with the same folder
// skips the seeding (only new migrations are applied) and measures the last stage again.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLocalD1, startWranglerDev, withLocalD1 } from "../scripts/local-d1.ts";
import { insertApiKey } from "../worker/db/api-keys.ts";
import { createSite } from "../worker/db/sites.ts";
import { hashApiKey, newApiKey, newSiteKey } from "../worker/lib/keys.ts";
import { databaseBytes, localD1File, scalar, seedLocalD1 } from "./team-api-seed.ts";

const PORT = Number(process.env.BENCH_PORT ?? 8796);
const BASE = `http://localhost:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
// Each export and its yardstick, alternating (after one of each to warm up).
const EXPORT_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 7);
// BENCH_SCALE=0.05 tries the script quickly on less data (the labels keep their names).
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
// BENCH_ONLY=export times only the cases whose name holds that text, or one of `|`-separated texts
// (and skips the probes the others need).
const ONLY = process.env.BENCH_ONLY?.split("|");
const wanted = (name: string) => !ONLY || ONLY.some((text) => name.includes(text));
const STAGES = [
  { label: "1k", leads: Math.round(10_000 * SCALE), inquiries: Math.round(1_000 * SCALE) },
  { label: "100k", leads: Math.round(1_000_000 * SCALE), inquiries: Math.round(100_000 * SCALE) },
];
const SHARES = [0.6, 0.3, 0.1]; // the benchmark reads the largest site
const DAY = 86_400_000;

/** Inquiry filters that no seeded inquiry matches (the inbox's default status beside one). */
const INQUIRY_RARE = [
  "utm_source=zz-none",
  "utm_campaign=zz-none",
  "assignee=zz-none%40example.jp",
  "resource=zz-none",
  "status=new&assignee=zz-none%40example.jp",
];

interface Case {
  name: string;
  /** The request, or why it cannot be made on this main. */
  path: string | { na: string };
  runs?: number;
  explain?: boolean;
  /**
   * An export's yardstick: the bench worker's read of the same pages through the same D1 binding
   * with no CSV (bench/team-api-worker.ts), timed alternately with the export in one loop.
   */
  yardstick?: string;
}

const KEEP = process.env.BENCH_DB;
const persistTo = KEEP ?? mkdtempSync(join(tmpdir(), "hikiai-bench-api-"));
// What a kept database was seeded with, so that a later run can read it again.
const STATE = join(persistTo, "bench-seed.json");
interface Seeded {
  scale: number;
  now: number;
  sites: { id: string; apiKey: string; share: number }[];
}
const results = new Map<string, Record<string, string>>();
const plans: { name: string; sql: string; plan: string[] }[] = [];
const sizes: { label: string; leads: number; inquiries: number; bytes: number }[] = [];
const ratios: string[] = [];
try {
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const kept = existsSync(STATE) ? (JSON.parse(readFileSync(STATE, "utf8")) as Seeded) : undefined;
  if (kept && kept.scale !== SCALE)
    throw new Error(`${persistTo} was seeded at BENCH_SCALE=${kept.scale}, not ${SCALE}`);
  migrateLocalD1(persistTo);
  const sites =
    kept?.sites ??
    (await withLocalD1(persistTo, async (db) => {
      const made = [];
      for (const [i, share] of SHARES.entries()) {
        const id = await createSite(db, { siteKey: newSiteKey(), name: `bench ${i}`, allowedOrigins: ["*"] });
        const apiKey = newApiKey();
        await insertApiKey(db, { siteId: id, keyHash: await hashApiKey(apiKey), name: "bench", scope: "read" });
        made.push({ id, apiKey, share });
      }
      return made;
    }));
  const file = localD1File(persistTo);
  const site = sites[0]!;
  const now = kept?.now ?? Date.now();
  let previous = { leads: 0, inquiries: 0 };
  for (const [n, stage] of STAGES.entries()) {
    if (kept && n < STAGES.length - 1) continue;
    const total = (table: string) => scalar(file, `SELECT count(*) FROM ${table}`);
    if (kept) {
      console.log(`reusing ${persistTo} (seeded ${new Date(kept.now).toISOString()}): ${total("leads")} leads`);
    } else {
      const started = performance.now();
      seedLocalD1(
        file,
        sites,
        { leads: stage.leads - previous.leads, inquiries: stage.inquiries - previous.inquiries },
        n,
        now,
      );
      previous = stage;
      console.log(
        `seeded ${stage.label}: ${total("inquiries")} inquiries, ${total("leads")} leads, ${total("contacts")} contacts ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      if (KEEP && n === STAGES.length - 1) writeFileSync(STATE, JSON.stringify({ scale: SCALE, now, sites }));
    }
    const bytes = databaseBytes(file);
    sizes.push({ label: stage.label, leads: total("leads"), inquiries: total("inquiries"), bytes: bytes.total });
    console.log(
      `  database: ${mb(bytes.total)} in use; ${bytes.tables
        .slice(0, 8)
        .map((t) => `${t.table} ${mb(t.bytes)}`)
        .join(", ")} (each table with its indexes)`,
    );
    const worker = await startWranglerDev({ port: PORT, persistTo, entry: "bench/team-api-worker.ts" });
    try {
      const cases = await casesFor(site, file, stage.label === STAGES[STAGES.length - 1]!.label);
      for (const c of cases) {
        const row = results.get(c.name) ?? {};
        if (typeof c.path === "string" && c.yardstick) {
          const pair = await measureBeside(c.path, c.yardstick, site, c.runs ?? RUNS);
          row[stage.label] = pair.export;
          results.set(c.name, row);
          const readName = `  ${c.name.replace(/^export (\S+).*$/, "$1")}: its rows read alone (no CSV)`;
          const read = results.get(readName) ?? {};
          read[stage.label] = pair.read;
          results.set(readName, read);
          ratios.push(`${c.name} at ${stage.label}: ${pair.ratio}`);
        } else {
          row[stage.label] =
            typeof c.path === "string" ? await measure(c.path, site.apiKey, c.runs ?? RUNS) : c.path.na;
          results.set(c.name, row);
        }
        if (c.explain && typeof c.path === "string") plans.push(...(await explain(c.name, c.path, site.apiKey)));
      }
    } finally {
      await worker.stop();
    }
  }
} finally {
  if (!KEEP) rmSync(persistTo, { recursive: true, force: true });
}

console.log(
  `\nTeam API on wrangler dev + local D1, the largest of 3 sites (${SHARES[0]! * 100} % of rows), p50 / p95 ms`,
);
console.log(`${"endpoint".padEnd(40)} ${STAGES.map((s) => `${s.label} inquiries`.padStart(22)).join(" ")}`);
for (const [name, row] of results) {
  console.log(`${name.padEnd(40)} ${STAGES.map((s) => (row[s.label] ?? "").padStart(22)).join(" ")}`);
}
if (ratios.length) {
  console.log("\nEach export against reading its rows alone (the same page queries, no CSV), alternating:");
  for (const line of ratios) console.log(`  ${line}`);
}
console.log("\nEXPLAIN QUERY PLAN at 100k (what each endpoint ran)");
for (const p of plans) {
  console.log(`\n[${p.name}] ${p.sql.length > 160 ? `${p.sql.slice(0, 157)}...` : p.sql}`);
  for (const line of p.plan) console.log(`  ${line}`);
}
printCapacity();
const fullScans = plans.flatMap((p) => p.plan.filter(isFullScan).map((line) => `${p.name}: ${line.trim()}`));
console.log(fullScans.length ? `\nFull table scans:\n  ${fullScans.join("\n  ")}` : "\nNo full table scans.");

/** The requests to time, for the site with `apiKey`; the same names at every stage. */
async function casesFor(site: { id: string; apiKey: string }, file: string, last: boolean): Promise<Case[]> {
  const list = "/v1/inquiries?limit=50";
  const first = await get(list, site.apiKey);
  if (first.status !== 200) throw new Error(`GET ${list}: ${first.status}`);
  const page = (await first.json()) as { data: { id: string; status?: string; kind?: string }[] };
  const inquiryId = page.data[0]?.id;

  // The export's probe first, and the cursor walk after it: what the heaviest request leaves
  // behind (memory to collect, caches filled with leads) then does not land on the first case timed.
  // 100,000 leads of the site (all of them at the small stage): from the 100,000th newest on.
  const nth = scalar(
    file,
    "SELECT first_seen_at FROM leads WHERE site_id = ? ORDER BY first_seen_at DESC LIMIT 1 OFFSET ?",
    site.id,
    99_999,
  );
  const exportFilter = nth ? `?from=${encodeURIComponent(new Date(nth).toISOString())}` : "";
  const exportPath = `/v1/export/leads.csv${exportFilter}`;
  const exportOk = await ok(exportPath, site.apiKey);

  const inquiriesExport = "/v1/export/inquiries.csv";
  const inquiriesExportOk = await ok(inquiriesExport, site.apiKey);

  // A deep page: follow the cursors to ~90 % of the list (works whatever the cursor encodes).
  const ofSite = scalar(file, "SELECT count(*) FROM inquiries WHERE site_id = ?", site.id);
  let cursor: string | null = null;
  for (let seen = 0; wanted("deep cursor") && seen < ofSite * 0.9; seen += 200) {
    const res = await get(`/v1/inquiries?limit=200${cursor ? `&cursor=${cursor}` : ""}`, site.apiKey);
    const next = ((await res.json()) as { nextCursor: string | null }).nextCursor;
    if (!next) break;
    cursor = next;
  }

  const filtered = "/v1/inquiries?status=new&kind=demo&limit=50";
  const filteredOk = await answers(filtered, site.apiKey, (body) =>
    body.data.every((i) => i.status === "new" && i.kind === "demo"),
  );
  const q = `/v1/inquiries?q=${encodeURIComponent("価格")}&limit=50`;
  const qNone = "/v1/inquiries?q=zz-no-such-text-zz&limit=50";
  const qOk = await answers(qNone, site.apiKey, (body) => !body.data.length);
  const qCompany = `/v1/inquiries?q=${encodeURIComponent("サンプル12")}&limit=50`;
  const leadsWarm = "/v1/leads?grade=warm&limit=50";
  const detail = inquiryId ? `/v1/inquiries/${inquiryId}` : null;
  const detailOk = detail ? await ok(detail, site.apiKey) : false;

  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10); // the site's zone, Asia/Tokyo
  const from90 = new Date(Date.parse(today) - 89 * DAY).toISOString().slice(0, 10);
  const stats = `/v1/stats?from=${from90}&to=${today}&interval=day`;
  const statsOk = await ok(stats, site.apiKey);

  const na = (why: string) => ({ na: `n/a (${why})` });
  return [
    { name: "list, first page (50)", path: list, explain: last },
    {
      name: "list, deep cursor page (~90 %)",
      path: cursor ? `${list}&cursor=${cursor}` : na("one page"),
      explain: last,
    },
    {
      name: "filtered list (status=new, kind=demo)",
      path: filteredOk ? filtered : na("filter ignored"),
      explain: last,
    },
    { name: "q=価格 (Japanese substring)", path: qOk ? q : na("q ignored"), explain: last },
    { name: "q=サンプル12 (company, 3+ characters)", path: qOk ? qCompany : na("q ignored"), explain: last },
    { name: "q with no match", path: qOk ? qNone : na("q ignored"), explain: last },
    { name: "leads, grade=warm (rare here)", path: leadsWarm, explain: last },
    { name: "leads, grade=hot (common)", path: "/v1/leads?grade=hot&limit=50", explain: last },
    { name: "contacts, grade=hot", path: "/v1/contacts?grade=hot&limit=50", explain: last },
    { name: "contacts, grade=cold (the walk)", path: "/v1/contacts?grade=cold&limit=50", explain: last },
    // No seeded person is verified: a walk of the leads would stop at its bound with an empty
    // page; started from the verified contacts (none), the list is empty at once.
    { name: "leads, verified=true (none)", path: "/v1/leads?verified=true&limit=50", explain: last },
    { name: "leads, verified=true, oldest (none)", path: "/v1/leads?verified=true&sort=oldest&limit=50" },
    { name: "contacts, verified=true (none)", path: "/v1/contacts?verified=true&limit=50", explain: last },
    // Most contacts are cold here: a walk that meets matches at once.
    { name: "leads, verified=false (all)", path: "/v1/leads?verified=false&limit=50" },
    // No index orders leads by campaign: a campaign with no lead is a walk, stopped at its bound.
    { name: "leads, utm_source with no match", path: "/v1/leads?utm_source=zz-none&limit=50", runs: 10 },
    // No index orders inquiries by these: a filter that matches none is a walk, stopped at its bound.
    ...INQUIRY_RARE.map((filter) => ({
      name: `inquiries, ${filter} (none)`,
      path: `/v1/inquiries?${filter}&limit=50`,
      runs: 20,
      explain: last && filter.startsWith("resource"),
    })),
    { name: "detail with timeline", path: detailOk && detail ? detail : na("no endpoint"), explain: last },
    { name: "stats, 90 days by day", path: statsOk ? stats : na("no endpoint"), explain: last },
    {
      name: "export leads.csv (≤100,000 rows)",
      path: exportOk ? exportPath : na("no endpoint"),
      runs: EXPORT_RUNS,
      yardstick: `/bench/export-read/leads${exportFilter}`,
      explain: last,
    },
    {
      name: "export inquiries.csv (all of the site's)",
      path: inquiriesExportOk ? inquiriesExport : na("no endpoint"),
      runs: EXPORT_RUNS,
      yardstick: "/bench/export-read/inquiries",
      explain: last,
    },
  ].filter((c) => wanted(c.name));
}

function get(path: string, apiKey: string, headers: Record<string, string> = {}) {
  return fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${apiKey}`, ...headers } });
}

/**
 * Whether `path` answers 200, with the body read to its end. An unread body is not a cancelled
 * request: the worker goes on streaming it (a 100,000-row export runs ~4 s), and the requests timed
 * next compete with it (the first list page, timed first, measured 38 / 110 ms that way instead of ~13 / 17).
 */
async function ok(path: string, apiKey: string): Promise<boolean> {
  const res = await get(path, apiKey);
  await res.arrayBuffer();
  return res.status === 200;
}

async function answers(
  path: string,
  apiKey: string,
  check: (body: { data: { status?: string; kind?: string }[] }) => boolean,
): Promise<boolean> {
  const res = await get(path, apiKey);
  return res.status === 200 && check((await res.json()) as { data: { status?: string; kind?: string }[] });
}

/** p50 / p95 (nearest rank) of `runs` sequential requests after 3 warm-ups; the body is read in full. */
async function measure(path: string, apiKey: string, runs: number): Promise<string> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    const res = await get(path, apiKey);
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${new TextDecoder().decode(body)}`);
    if (i >= 3) times.push(performance.now() - start);
    if (path.includes(".csv")) rows = new Uint8Array(body).filter((b) => b === 10).length - 1; // minus the header
  }
  times.sort((a, b) => a - b);
  const size = path.includes(".csv") ? ` (${rows} rows)` : "";
  return `${percentile(times, 50).toFixed(1)} / ${percentile(times, 95).toFixed(1)}${size}`;
}

/** Nearest-rank percentile of ascending `times`. */
function percentile(times: number[], p: number): number {
  return times[Math.max(0, Math.ceil((p / 100) * times.length) - 1)]!;
}

/**
 * An export and its yardstick `readPath` (its rows read in the worker, no CSV), one of each per
 * round, the order swapped every round so that neither always follows the other: p50 / p95 ms,
 * rows/s, and the export's p50 and p95 rows/s over the yardstick's.
 */
async function measureBeside(path: string, readPath: string, site: { id: string; apiKey: string }, runs: number) {
  const timed = { export: [] as number[], read: [] as number[] };
  const rows = { export: 0, read: 0 };
  const one = async (which: "export" | "read") => {
    const start = performance.now();
    const res =
      which === "export"
        ? await get(path, site.apiKey)
        : await fetch(`${BASE}${readPath}`, { headers: { "x-bench-site": site.id } });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${which === "export" ? path : readPath}: ${res.status}`);
    const ms = performance.now() - start;
    rows[which] =
      which === "export"
        ? new Uint8Array(body).filter((b) => b === 10).length - 1 // minus the header
        : (JSON.parse(new TextDecoder().decode(body)) as { rows: number }).rows;
    return ms;
  };
  await one("export");
  await one("read");
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? (["read", "export"] as const) : (["export", "read"] as const)) {
      timed[which].push(await one(which));
    }
  }
  if (rows.export !== rows.read) throw new Error(`${path}: ${rows.export} rows written, ${rows.read} read`);
  const figures = (times: number[]) => {
    times.sort((a, b) => a - b);
    const [p50, p95] = [percentile(times, 50), percentile(times, 95)];
    const perSecond = (ms: number) => Math.round((rows.export / ms) * 1000).toLocaleString("en-US");
    return {
      p50,
      p95,
      text: `${p50.toFixed(0)} / ${p95.toFixed(0)} (${perSecond(p50)} / ${perSecond(p95)} rows/s)`,
    };
  };
  const written = figures(timed.export);
  const read = figures(timed.read);
  return {
    export: written.text,
    read: read.text,
    ratio:
      `${rows.export} rows, ${runs} rounds: the export at ${(read.p50 / written.p50).toFixed(2)}× (p50) and ` +
      `${(read.p95 / written.p95).toFixed(2)}× (p95) of its rows' read rate`,
  };
}

async function explain(name: string, path: string, apiKey: string) {
  const res = await get(path, apiKey, { "x-bench-explain": "1" });
  const body = (await res.json()) as { plans: { sql: string; plan: { detail: string; parent: number }[] }[] };
  // An export runs its page query once a page: each SQL text once.
  const seen = new Set<string>();
  return body.plans
    .filter((p) => !/FROM api_keys|FROM sites/i.test(p.sql)) // the key lookup: one primary-key hit
    .filter((p) => !seen.has(p.sql) && seen.add(p.sql))
    .map((p) => ({ name, sql: p.sql, plan: p.plan.map((r) => r.detail) }));
}

/** A plan line that reads a whole table (a CTE, json_each or a temp b-tree is not one). */
function isFullScan(line: string): boolean {
  return /^SCAN (leads|inquiries|contacts|submissions)\b/.test(line.trim()) && !/USING (COVERING )?INDEX/.test(line);
}

function mb(bytes: number) {
  return `${(bytes / 1_000_000).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;
}

/**
 * D1's 10 GB per database in sites: how many of the largest stage's size fit, and how many of a
 * smaller site (10,000 leads and 1,000 inquiries a year, kept the default 24 months), from the
 * bytes the last stage added over the first (so the empty schema's pages do not count as data).
 * The seed writes 10 leads per inquiry, so a unit of 10 leads and 1 inquiry is what is priced.
 */
function printCapacity() {
  const large = sizes.at(-1);
  if (!large) return;
  const LIMIT = 10_000_000_000;
  console.log(
    `\nDatabase bytes: ${mb(large.bytes)} for ${large.leads.toLocaleString("en-US")} leads and ` +
      `${large.inquiries.toLocaleString("en-US")} inquiries (with their contacts, submissions and search index): ` +
      `${(LIMIT / large.bytes).toFixed(1)} such sites fit in D1's 10 GB.`,
  );
  const small = sizes.length > 1 ? sizes[0]! : undefined;
  if (!small) return;
  const perUnit = (large.bytes - small.bytes) / ((large.leads - small.leads) / 10);
  const site = perUnit * 1_000 * 2;
  console.log(
    `  ${mb(perUnit * 100_000)} per 1M leads and 100k inquiries; a site with 10,000 leads and 1,000 inquiries a ` +
      `year, kept 24 months: ${mb(site)}, so about ${Math.floor(LIMIT / site).toLocaleString("en-US")} such sites per database.`,
  );
}
