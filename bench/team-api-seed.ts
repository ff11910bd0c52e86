// Bulk data for bench/team-api.ts, written straight into the SQLite file of wrangler's local D1
// (while no wrangler dev holds it): a million rows through the API would take hours, through
// `wrangler d1 execute` many minutes. The rows have the columns and shapes the collect path
// writes, spread over the last year, with a fixed random seed so runs are comparable.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { GRADE_ROLLUP_SQL } from "../worker/db/grade.ts";
import { CATCH_UP_SQL } from "../worker/db/search.ts";

const DAY = 86_400_000;
const SPAN = 365 * DAY;

/** The SQLite file of the local D1 under wrangler's `--persist-to` folder. */
export function localD1File(persistTo: string): string {
  const dir = join(persistTo, "v3/d1/miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 database under ${dir}`);
  return join(dir, file);
}

/** A small, fast, seeded PRNG (mulberry32): the same data on every run. */
export function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESOURCES = Array.from({ length: 20 }, (_, i) =>
  i < 3 ? ["whitepaper-2026", "price-list", "case-study"][i]! : `resource-${i}`,
);
const CAMPAIGNS = ["winter", "spring", "webinar-12", "newsletter-48", "retargeting", "expo-2026", "partner", "seo"];
const SOURCES = ["google", "newsletter", "linkedin", "x", "partner", "direct"];
const SURNAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"];
const GIVEN = ["太郎", "花子", "一郎", "美咲", "健", "陽菜", "翔", "さくら"];
const PRODUCTS = ["在庫管理システム", "勤怠クラウド", "会計パッケージ", "SFA", "CRM"];
const MESSAGES = [
  (p: string, n: number) => `${p}の見積をお願いします。${n}名規模での利用を検討しています。`,
  (p: string, n: number) => `${p}の価格について質問があります。ライセンス${n}本の場合はいくらですか。`,
  (p: string, n: number) => `${p}のデモを希望します。来週の午後でお願いします（${n}）。`,
  (p: string, n: number) => `Could we get a quote for ${p}, ${n} seats?`,
];
const KINDS = ["quote", "demo", "contact"] as const;

export interface SeedSite {
  id: string;
  /** Share of all rows that go to this site. */
  share: number;
}

export interface SeedCounts {
  leads: number;
  inquiries: number;
}

/**
 * Adds about `counts` leads and inquiries (split across `sites` by share) with their contacts:
 * each lead-contact downloads 3 resources over up to 30 days; 60 % of inquiries come from such a
 * contact within 45 days of the first download, the others from new people. `batch` keeps the
 * e-mails of successive calls apart.
 */
export function seedLocalD1(file: string, sites: SeedSite[], counts: SeedCounts, batch: number, now: number): void {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA cache_size = -1000000; PRAGMA synchronous = OFF; BEGIN");
  const random = prng(0x5eed + batch);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Skewed picks: a few resources and campaigns carry most of the traffic, as in real funnels.
  const skewed = <T>(list: readonly T[]) => list[Math.floor(random() ** 2 * list.length)]!;
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLead = db.prepare(
    `INSERT INTO leads (id, site_id, contact_id, resource_id, download_count, window_open, page_url, referrer,
                        utm_source, utm_medium, utm_campaign, locale, first_seen_at, last_seen_at, typed_name, typed_company)
     VALUES (?, ?, ?, ?, 1, 0, ?, ?, ?, ?, ?, 'ja-JP', ?, ?, ?, ?)`,
  );
  const insertInquiry = db.prepare(
    `INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, status, window_open, page_url,
                            referrer, utm_source, utm_medium, utm_campaign, locale, created_at, first_response_at, updated_at,
                        first_lead_at, lead_resources, lead_campaigns, typed_name, typed_company)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, 'ja-JP', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Each record's submission, as the collect batch claims it (a share of the database's bytes),
  // its name and company also on the record, as the batch writes them (db/typed-contact.ts).
  const insertSubmission = db.prepare(
    `INSERT INTO submissions (site_id, kind, submission_id, record_id, body_hash, name, company, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bodyHash = () => crypto.randomUUID().replaceAll("-", "").repeat(2);
  const person = () => `${pick(SURNAMES)} ${pick(GIVEN)}`;
  const company = (n: number) => `株式会社サンプル${n % 5000}`;

  for (const [s, site] of sites.entries()) {
    const leadCount = Math.round(counts.leads * site.share);
    const inquiryCount = Math.round(counts.inquiries * site.share);
    const leadContacts: {
      id: string;
      firstLead: number;
      leads: { time: number; resource: string; campaign: string | null }[];
    }[] = [];
    for (let made = 0, k = 0; made < leadCount; k++) {
      const id = crypto.randomUUID();
      const firstLead = now - Math.floor(random() * SPAN);
      const n = Math.min(3, leadCount - made);
      const name = person();
      insertContact.run(
        id,
        site.id,
        `c${batch}-${s}-${k}@example.jp`,
        name,
        company(k),
        firstLead,
        firstLead,
        firstLead,
      );
      const leads = [];
      for (let i = 0; i < n; i++) {
        const time = i === 0 ? firstLead : Math.min(now - 60_000, firstLead + Math.floor(random() * 30 * DAY));
        const campaign = random() < 0.5 ? skewed(CAMPAIGNS) : null;
        const resource = skewed(RESOURCES);
        leads.push({ time, resource, campaign });
        const leadId = crypto.randomUUID();
        insertSubmission.run(site.id, "lead", crypto.randomUUID(), leadId, bodyHash(), name, company(k), time);
        insertLead.run(
          leadId,
          site.id,
          id,
          resource,
          "https://www.example.jp/resources",
          random() < 0.5 ? "https://www.google.com/" : null,
          campaign ? pick(SOURCES) : null,
          campaign ? "email" : null,
          campaign,
          time,
          time,
          name,
          company(k),
        );
      }
      leadContacts.push({ id, firstLead, leads });
      made += n;
    }
    for (let j = 0; j < inquiryCount; j++) {
      let contactId: string;
      let created: number;
      const name = person();
      const known = leadContacts.length > 0 && random() < 0.6 ? pick(leadContacts) : null;
      if (known) {
        contactId = known.id;
        created = Math.min(now - 60_000, known.firstLead + Math.floor(random() * 45 * DAY));
      } else {
        contactId = crypto.randomUUID();
        created = now - Math.floor(random() * SPAN);
        insertContact.run(
          contactId,
          site.id,
          `i${batch}-${s}-${j}@example.jp`,
          name,
          company(j),
          created,
          created,
          null,
        );
      }
      const kind = pick(KINDS);
      const old = now - created > 2 * DAY;
      const r = random();
      const status =
        !old && r < 0.5
          ? "new"
          : r < 0.1
            ? "new"
            : r < 0.15
              ? "spam"
              : r < 0.6
                ? "contacted"
                : r < 0.8
                  ? "qualified"
                  : r < 0.9
                    ? "won"
                    : "lost";
      const responded =
        status === "new" ? null : Math.min(now, created + Math.floor(-Math.log(1 - random()) * 6 * 3_600_000));
      const campaign = random() < 0.4 ? skewed(CAMPAIGNS) : null;
      // Stamped as the collect batch does: what the contact had downloaded before asking.
      const before = known ? known.leads.filter((l) => l.time <= created) : [];
      const campaigns = new Set([...before.map((l) => l.campaign), campaign].filter((c) => c !== null));
      const inquiryId = crypto.randomUUID();
      insertSubmission.run(site.id, "inquiry", crypto.randomUUID(), inquiryId, bodyHash(), name, company(j), created);
      insertInquiry.run(
        inquiryId,
        site.id,
        contactId,
        kind,
        pick(MESSAGES)(pick(PRODUCTS), 1 + (j % 300)),
        kind === "demo" ? "平日午後" : null,
        status,
        `https://www.example.jp/${kind}`,
        random() < 0.5 ? "https://www.google.com/" : null,
        campaign ? pick(SOURCES) : null,
        campaign ? "cpc" : null,
        campaign,
        created,
        responded,
        responded,
        before.length ? known!.firstLead : null,
        JSON.stringify([...new Set(before.map((l) => l.resource))]),
        JSON.stringify([...campaigns]),
        name,
        company(j),
      );
    }
  }
  db.exec("COMMIT");
  // The collect path keeps each contact's grade rollup (migration 0014) current as rows arrive;
  // rows written straight into the file get it computed here, as the migration's backfill does.
  db.exec(GRADE_ROLLUP_SQL("true"));
  // The collect path only queues new rows for the `q` search indexes; index them as a search or
  // the cron would (db/search.ts), so the benchmark's searches start from a drained queue.
  const pending = db.prepare("SELECT count(*) AS n FROM search_pending");
  while ((pending.get() as { n: number }).n > 0) {
    db.exec("BEGIN");
    for (const statement of CATCH_UP_SQL) db.exec(statement);
    db.exec("COMMIT");
  }
  db.close();
}

/** Rows in a table of the local D1 file, or the value of a one-cell query. */
export function scalar(file: string, sql: string, ...params: (string | number)[]): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const row = db.prepare(sql).get(...params) as Record<string, number> | undefined;
    return row ? Number(Object.values(row)[0]) : 0;
  } finally {
    db.close();
  }
}

/** What the database file holds: its bytes in use (pages less free ones), and each table's with its indexes. */
export function databaseBytes(file: string): { total: number; tables: { table: string; bytes: number }[] } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const { total } = db
      .prepare(
        "SELECT ((SELECT page_count FROM pragma_page_count) - (SELECT freelist_count FROM pragma_freelist_count)) * (SELECT page_size FROM pragma_page_size) AS total",
      )
      .get() as { total: number };
    // dbstat names each b-tree; an index counts toward its table, the search index's shadow
    // tables toward the search table they belong to.
    const tables = db
      .prepare(
        `SELECT coalesce(m.tbl_name, d.name) AS tbl, sum(d.pgsize) AS bytes FROM dbstat d
         LEFT JOIN sqlite_schema m ON m.name = d.name GROUP BY tbl ORDER BY bytes DESC`,
      )
      .all() as { tbl: string; bytes: number }[];
    const grouped = new Map<string, number>();
    for (const { tbl, bytes } of tables) {
      const table = tbl.replace(/_fts_(data|idx|docsize|config|terms)$/, "_fts");
      grouped.set(table, (grouped.get(table) ?? 0) + bytes);
    }
    return {
      total,
      tables: [...grouped].map(([table, bytes]) => ({ table, bytes })).sort((a, b) => b.bytes - a.bytes),
    };
  } finally {
    db.close();
  }
}
