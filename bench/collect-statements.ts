// node bench/collect-statements.ts: each statement of the collect batch compiled and run in
// node:sqlite on the migrated schema (migrations/ applied by wrangler to a scratch local D1, then
// seeded with BENCH_SEED contacts, each with a lead and an inquiry, and the search queue drained
// as the cron drains it), outside workerd: what SQLite itself spends per statement, compile
// (prepare) and step (run) apart, for a new submission of each kind. Medians of rounds.
// BENCH_DROP=name,… also runs a copy of the database without those indexes or triggers,
// alternating with the full one round by round (the same submissions on each), and prints the
// median of the rounds' differences: what they add to the statements that write their tables,
// comparable under load, where two separate runs are not.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { migrateLocalD1 } from "../scripts/local-d1.ts";
import * as sql from "../worker/db/collect-sql.ts";
import { CATCH_UP_SQL } from "../worker/db/search.ts";

const RUNS = Number(process.env.BENCH_STATEMENT_RUNS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEED = Number(process.env.BENCH_SEED ?? 20_000);
const DROP = process.env.BENCH_DROP?.split(",").filter(Boolean) ?? [];

const persistTo = mkdtempSync(join(tmpdir(), "hikiai-statements-"));
migrateLocalD1(persistTo);
const dir = join(persistTo, "v3/d1/miniflare-D1DatabaseObject");
const source = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
if (!source) throw new Error(`no database under ${dir}`);
const file = join(dir, source);
// As D1 runs it: foreign keys enforced, one transaction per batch.
const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
db.exec("PRAGMA journal_mode = WAL");
const site = crypto.randomUUID();
db.prepare("INSERT INTO sites (id, site_key, name, created_at) VALUES (?, ?, 'bench', ?)").run(site, "sk_bench", 0);

type Named = { sql: string; names: readonly string[] };
let n = 0;
function params(kind: "lead" | "inquiry"): Record<string, unknown> {
  const i = n++;
  const now = Date.now();
  return {
    site,
    email: `s${i}@bench.example`,
    now,
    windowStart: now - sql.REPEAT_WINDOW_MS,
    submissionKind: kind,
    submissionId: crypto.randomUUID(),
    bodyHash: "0".repeat(64),
    name: kind === "inquiry" ? "ベンチ 太郎" : null,
    company: null,
    consentVersion: null,
    consentPrivacyUrl: null,
    contactId: crypto.randomUUID(),
    recordId: crypto.randomUUID(),
    notificationId: crypto.randomUUID(),
    outboxNeeded: 0,
    hasWebhook: 0,
    resourceId: kind === "lead" ? "whitepaper" : null,
    dedupeKey: kind === "lead" ? null : crypto.randomUUID().replaceAll("-", ""),
    pageUrl: "https://bench.example/pricing?utm_source=ads",
    referrer: null,
    utmSource: "ads",
    utmMedium: null,
    utmCampaign: null,
    utmTerm: null,
    utmContent: null,
    locale: "ja-JP",
    firstTouch: null,
    lastTouch: null,
    hidden: null,
    inquiryKind: "quote",
    message: `見積をお願いします ${i}`,
    preferredTime: null,
  };
}
const values = (s: Named, p: Record<string, unknown>) => s.names.map((name) => p[name] as string | number | null);

// The seed: contacts that downloaded and asked before, so every look-up walks real B-trees.
db.exec("BEGIN");
for (let i = 0; i < SEED; i++) {
  const lead = params("lead");
  const inquiry = { ...params("inquiry"), email: lead.email, contactId: lead.contactId };
  for (const s of [sql.UPSERT_CONTACT_FOR_LEAD, sql.UPSERT_LEAD, sql.CLAIM_LEAD])
    db.prepare(s.sql).run(...values(s, lead));
  for (const s of [sql.UPSERT_CONTACT_FOR_INQUIRY, sql.INSERT_INQUIRY, sql.CLAIM_INQUIRY])
    db.prepare(s.sql).run(...values(s, inquiry));
}
db.exec("COMMIT");
// Indexed, as the cron leaves them: a name that changes then costs the FTS delete it costs live.
while ((db.prepare("SELECT count(*) AS n FROM search_pending").get() as { n: number }).n > 0)
  for (const statement of CATCH_UP_SQL) db.exec(statement);

const databases = [{ label: "full schema", db }];
if (DROP.length) {
  const copy = join(persistTo, "dropped.sqlite");
  db.exec(`VACUUM INTO '${copy}'`);
  const dropped = new DatabaseSync(copy, { enableForeignKeyConstraints: true });
  dropped.exec("PRAGMA journal_mode = WAL");
  for (const name of DROP) {
    const row = dropped.prepare("SELECT type FROM sqlite_master WHERE name = ?").get(name) as
      | { type: string }
      | undefined;
    if (!row) throw new Error(`no index or trigger ${name}`);
    dropped.exec(`DROP ${row.type.toUpperCase()} ${name}`);
  }
  databases.push({ label: `without ${DROP.join(", ")}`, db: dropped });
}

const batches: Record<string, Named[]> = {
  inquiry: [sql.UPSERT_CONTACT_FOR_INQUIRY, sql.INSERT_INQUIRY, sql.CLAIM_INQUIRY],
  lead: [sql.UPSERT_CONTACT_FOR_LEAD, sql.UPSERT_LEAD, sql.CLAIM_LEAD],
};
const label = new Map<Named, string>([
  [sql.UPSERT_CONTACT_FOR_INQUIRY, "contact upsert (inquiry)"],
  [sql.INSERT_INQUIRY, "inquiry insert"],
  [sql.CLAIM_INQUIRY, "claim (inquiry)"],
  [sql.UPSERT_CONTACT_FOR_LEAD, "contact upsert (lead)"],
  [sql.UPSERT_LEAD, "lead upsert"],
  [sql.CLAIM_LEAD, "claim (lead)"],
]);

/** µs per compile and per step of each statement of `kind`'s batch, one new submission per run of `submissions`. */
function measure(db: DatabaseSync, kind: "lead" | "inquiry", submissions: Record<string, unknown>[]) {
  const statements = batches[kind]!;
  const compile = statements.map(() => 0);
  const step = statements.map(() => 0);
  for (const p of submissions) {
    db.exec("BEGIN");
    statements.forEach((s, i) => {
      const t0 = performance.now();
      const prepared: StatementSync = db.prepare(s.sql);
      const t1 = performance.now();
      prepared.all(...values(s, p));
      compile[i]! += t1 - t0;
      step[i]! += performance.now() - t1;
    });
    db.exec("COMMIT");
  }
  return { compile: compile.map((x) => (x * 1000) / RUNS), step: step.map((x) => (x * 1000) / RUNS) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Round = { compile: number[]; step: number[] };
const results = databases.map(() => ({ inquiry: [] as Round[], lead: [] as Round[] }));
const newSubmissions = (kind: "lead" | "inquiry") => Array.from({ length: RUNS }, () => params(kind));
for (const kind of ["inquiry", "lead"] as const) {
  const warm = newSubmissions(kind);
  for (const { db } of databases) measure(db, kind, warm);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ["inquiry", "lead"] as const) {
    const submissions = newSubmissions(kind);
    const order = round % 2 ? [...databases.keys()].reverse() : [...databases.keys()];
    for (const d of order) results[d]![kind].push(measure(databases[d]!.db, kind, submissions));
  }
}
console.log(`\n${SEED} seeded contacts; ${RUNS} new submissions × ${ROUNDS} rounds; µs per statement, median round`);
databases.forEach(({ label: name }, d) => {
  console.log(`${name}\n${"".padEnd(28)} compile    step`);
  for (const kind of ["inquiry", "lead"] as const) {
    batches[kind]!.forEach((s, i) => {
      const c = median(results[d]![kind].map((r) => r.compile[i]!));
      const st = median(results[d]![kind].map((r) => r.step[i]!));
      console.log(`  ${label.get(s)!.padEnd(26)} ${c.toFixed(1).padStart(7)} ${st.toFixed(1).padStart(7)}`);
    });
  }
});
if (databases.length > 1) {
  const batchUs = (r: Round) => [...r.compile, ...r.step].reduce((a, b) => a + b, 0);
  for (const kind of ["inquiry", "lead"] as const) {
    const diffs = results[1]![kind].map((r, i) => batchUs(r) - batchUs(results[0]![kind][i]!));
    console.log(
      `${kind} batch, ${databases[1]!.label} − full, per round: median ${median(diffs).toFixed(1)} µs ` +
        `(${Math.min(...diffs).toFixed(1)} to ${Math.max(...diffs).toFixed(1)})`,
    );
  }
}
for (const { db } of databases) db.close();
rmSync(persistTo, { recursive: true, force: true });
