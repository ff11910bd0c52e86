// Ablation stages for bench/collect-stages.ts (through bench-worker.ts's /bench/loop): the collect
// write batch run against scratch copies of the tables it writes (contacts, leads, inquiries,
// submissions, search_pending), copied from sqlite_master with their indexes and triggers, each
// variant leaving some of those out or binding other ids. So each part's cost is the difference
// between two variants in one run, with the same statements, the same sizes and the same D1.

import type { CollectParams } from "../worker/db/collect-sql.ts";
import * as sql from "../worker/db/collect-sql.ts";
import { namedSql } from "../worker/db/named-sql.ts";
import { collectParams, type SubmissionMeta, writeOnce } from "../worker/db/submissions.ts";
import type { Env } from "../worker/env.ts";

const TABLES = ["contacts", "leads", "inquiries", "submissions", "search_pending"];
const TABLE_NAMES = new RegExp(`\\b(${TABLES.join("|")})\\b`, "g");

interface Variant {
  /** Indexes and triggers left out of the copy. */
  drop?: string[];
  /** Ids for the contact and the record: random (v4) or time-ordered (v7-style). */
  ids?: "v4" | "v7";
  /** Rewrites the statements' text (after the tables are renamed). */
  rewrite?: (text: string, prefix: string) => string;
  /** Plain INSERT … VALUES of the same columns and values instead of the batch's statements. */
  simple?: boolean;
  /** Runs only the first k statements of the batch. */
  take?: number;
}

const WINDOW_TRIGGERS = ["inquiries_close_expired_window", "leads_close_expired_window"];
const SEARCH_TRIGGERS = ["contacts_search_insert", "inquiries_search_insert"];
/** Every index that enforces nothing (no UNIQUE, no primary key). */
const PLAIN_INDEXES = [
  "contacts_site_created",
  "contacts_site_download",
  "contacts_site_first_lead",
  "contacts_site_verified",
  "inquiries_contact_time",
  "inquiries_site_stats",
  "inquiries_site_status_time",
  "inquiries_site_time",
  "leads_contact_time",
  "leads_site_first_seen",
  "leads_site_resource_time",
  "leads_site_time",
  "submissions_record_first",
];

export const VARIANTS: Record<string, Variant> = {
  full: {},
  v7: { ids: "v7" },
  "no-window-trigger": { drop: WINDOW_TRIGGERS },
  "no-search-trigger": { drop: SEARCH_TRIGGERS },
  "no-triggers": { drop: [...WINDOW_TRIGGERS, ...SEARCH_TRIGGERS] },
  "no-plain-indexes": { drop: PLAIN_INDEXES },
  "no-indexes-triggers": { drop: [...PLAIN_INDEXES, ...WINDOW_TRIGGERS, ...SEARCH_TRIGGERS] },
  "no-site-first-seen": { drop: ["leads_site_first_seen"] },
  "no-contact-time": { drop: ["inquiries_contact_time", "leads_contact_time"] },
  "no-site-created": { drop: ["contacts_site_created"] },
  "no-search-update": { drop: ["contacts_search_update"] },
  "no-record-first": { drop: ["submissions_record_first"] },
  bare: { drop: [...PLAIN_INDEXES, ...WINDOW_TRIGGERS, ...SEARCH_TRIGGERS, "contacts_search_update"] },
  "take-1": { take: 1 },
  "take-2": { take: 2 },
  simple: { simple: true },
  "simple-bare": { simple: true, drop: [...PLAIN_INDEXES, ...WINDOW_TRIGGERS, ...SEARCH_TRIGGERS] },
};

const CONTEXT_COLUMNS =
  "page_url, referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, locale, first_touch, last_touch, hidden";
const CONTEXT_VALUES =
  ":pageUrl, :referrer, :utmSource, :utmMedium, :utmCampaign, :utmTerm, :utmContent, :locale, :firstTouch, :lastTouch, :hidden";
// What any exactly-once collector must write for a new submission, as plain INSERT … VALUES of
// the rows the route writes (the same columns and values): the contact, the record, the claim.
const SIMPLE = {
  inquiry: [
    `INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, has_inquiry)
     VALUES (:contactId, :site, :email, :name, :company, :now, :now, 1)`,
    `INSERT INTO inquiries (id, site_id, contact_id, kind, message, preferred_time, dedupe_key, ${CONTEXT_COLUMNS},
       created_at, typed_name, typed_company, lead_campaigns)
     VALUES (:recordId, :site, :contactId, :inquiryKind, :message, :preferredTime, :dedupeKey, ${CONTEXT_VALUES},
       :now, :typedName, :typedCompany, :leadCampaigns)
     RETURNING id, 1 AS created`,
  ],
  lead: [
    `INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at, first_lead_at, last_download_at, lead_count)
     VALUES (:contactId, :site, :email, :name, :company, :now, :now, :now, :now, 1)`,
    `INSERT INTO leads (id, site_id, contact_id, resource_id, ${CONTEXT_COLUMNS}, first_seen_at, last_seen_at,
       typed_name, typed_company)
     VALUES (:recordId, :site, :contactId, :resourceId, ${CONTEXT_VALUES}, :now, :now, :typedName, :typedCompany)
     RETURNING id, 1 AS created`,
  ],
  claim: `INSERT INTO submissions (site_id, kind, submission_id, body_hash, name, company, consent_version,
          consent_privacy_url, created_at, record_id)
     VALUES (:site, :submissionKind, :submissionId, :bodyHash, :name, :company, :consentVersion,
          :consentPrivacyUrl, :now, :recordId)
     RETURNING record_id, body_hash`,
};

/** The values the plain INSERTs bind beyond CollectParams: what the route's SQL derives for a new contact. */
const simpleExtras = (p: CollectParams) => ({
  typedName: p.name ?? "",
  typedCompany: p.company ?? "",
  leadCampaigns: JSON.stringify(p.utmCampaign ? [p.utmCampaign] : []),
});

const YARDSTICK = {
  inquiry: [...SIMPLE.inquiry, SIMPLE.claim].map((text) => namedSql<never>(text)),
  lead: [...SIMPLE.lead, SIMPLE.claim].map((text) => namedSql<never>(text)),
};

/**
 * The yardstick's write (bench/collect.ts): the plain INSERTs of a new submission's contact,
 * record and claim into the real tables, with their indexes and triggers, in one batch; no
 * upsert, no replay guard, no look-ups.
 */
export function yardstickBatch(env: Env, siteId: string, kind: "inquiry" | "lead", body: Body) {
  const meta = benchMeta(siteId, kind, body);
  const now = Date.now();
  const base =
    kind === "lead"
      ? collectParams(meta, body as never, { resourceId: body.resourceId ?? "" }, now)
      : {
          ...collectParams(meta, body as never, { dedupeKey: "1".repeat(64) }, now),
          inquiryKind: body.kind ?? "quote",
          message: body.message ?? "",
          preferredTime: null,
        };
  const p = { ...base, ...simpleExtras(base) };
  return env.DB.batch(YARDSTICK[kind].map((statement) => statement.bind(env.DB, p as never)));
}

/**
 * A UUID-shaped id whose first 48 bits are the time in ms (as UUIDv7, RFC 9562), the rest random:
 * consecutive ids land next to each other in a text index instead of on a random leaf.
 */
export function timeOrderedId(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(now / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const prefixed = (name: string) => `abl_${name.replace(/[^a-z0-9]/g, "_")}`;
const renameTables = (text: string, prefix: string) => text.replace(TABLE_NAMES, `${prefix}_$1`);

const built = new Set<string>();

/** Creates the variant's tables (once per isolate; dropped and rebuilt, so every run starts empty). */
async function ensure(env: Env, name: string, variant: Variant) {
  const prefix = prefixed(name);
  if (built.has(prefix)) return prefix;
  const { results } = await env.DB.prepare(
    `SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (${TABLES.map(() => "?").join(",")}) AND sql IS NOT NULL
     ORDER BY type = 'table' DESC, type = 'index' DESC`,
  )
    .bind(...TABLES)
    .all<{ type: string; name: string; sql: string }>();
  const drops = TABLES.map((t) => env.DB.prepare(`DROP TABLE IF EXISTS ${prefix}_${t}`));
  const creates = results
    .filter((row) => !variant.drop?.includes(row.name))
    .map((row) => {
      let text = renameTables(row.sql, prefix);
      if (row.type !== "table") text = text.replace(/^(CREATE (?:UNIQUE )?(?:INDEX|TRIGGER) )(\w+)/, `$1${prefix}_$2`);
      return env.DB.prepare(text);
    });
  await env.DB.batch([...drops, ...creates]);
  built.add(prefix);
  return prefix;
}

type Statement<P extends object> = ReturnType<typeof namedSql<P>>;
const statementCache = new Map<string, Statement<never>>();
function variantSql<P extends object>(name: string, prefix: string, statement: { sql: string }, variant: Variant) {
  const key = `${name}|${statement.sql}`;
  let found = statementCache.get(key) as Statement<P> | undefined;
  if (!found) {
    // The numbered text back to named: the statements are rebuilt from their own numbered SQL.
    const names = (statement as unknown as { names: readonly string[] }).names;
    let text = statement.sql.replace(/\?(\d+)/g, (_, n: string) => `:${names[Number(n) - 1]}`);
    text = renameTables(text, prefix);
    if (variant.rewrite) text = variant.rewrite(text, prefix);
    found = namedSql<P>(text);
    statementCache.set(key, found as Statement<never>);
  }
  return found;
}

interface Body {
  submissionId: string;
  email: string;
  name?: string;
  message?: string;
  kind?: string;
  resourceId?: string;
  context: { pageUrl: string };
}

/** What the route would pass the batch for `body`, with a constant hash and no outbox row. */
export function benchMeta(
  siteId: string,
  kind: "inquiry" | "lead",
  body: { submissionId: string; name?: string },
): SubmissionMeta {
  return {
    siteId,
    kind,
    submissionId: body.submissionId,
    bodyHash: "0".repeat(64),
    name: body.name,
    needsOutbox: false,
    hasWebhook: false,
  };
}

/** The collect batch of `kind` against variant `name`'s tables, as recordInquiry / recordLead run it. */
export async function ablatedBatch(env: Env, siteId: string, kind: "inquiry" | "lead", name: string, body: Body) {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`no variant ${name}`);
  const prefix = await ensure(env, name, variant);
  const db = env.DB;
  const meta = benchMeta(siteId, kind, body);
  const now = Date.now();
  const ids = variant.ids === "v7" ? { contactId: timeOrderedId(now), recordId: timeOrderedId(now) } : ({} as object);
  const s = <P extends object>(statement: Statement<P>) => variantSql<P>(name, prefix, statement, variant);
  const simple = (text: string) => variantSql(name, prefix, namedSql(text), variant);
  let statements: D1PreparedStatement[];
  if (kind === "lead") {
    const base = collectParams(meta, body as never, { resourceId: body.resourceId ?? "" }, now);
    const p = { ...base, ...simpleExtras(base), ...ids };
    statements = variant.simple
      ? [...SIMPLE.lead, SIMPLE.claim].map((text) => simple(text).bind(db, p as never))
      : [s(sql.UPSERT_CONTACT_FOR_LEAD).bind(db, p), s(sql.UPSERT_LEAD).bind(db, p), s(sql.CLAIM_LEAD).bind(db, p)];
  } else {
    const base = collectParams(meta, body as never, { dedupeKey: "1".repeat(64) }, now);
    const p = {
      ...base,
      ...simpleExtras(base),
      ...ids,
      inquiryKind: body.kind ?? "quote",
      message: body.message ?? "",
      preferredTime: null,
    };
    statements = variant.simple
      ? [...SIMPLE.inquiry, SIMPLE.claim].map((text) => simple(text).bind(db, p as never))
      : [
          s(sql.UPSERT_CONTACT_FOR_INQUIRY).bind(db, p),
          s(sql.INSERT_INQUIRY).bind(db, p),
          s(sql.CLAIM_INQUIRY).bind(db, p),
        ];
  }
  if (variant.take) return db.batch(statements.slice(0, variant.take));
  return writeOnce(db, meta, statements.slice(0, 2), statements[2]!);
}

// One INSERT into a scratch table with `n` B-trees (the table, its text primary key and n − 2
// secondary indexes over the shapes the collect batch's indexes have: a site id and a time, a
// text id and a time, several columns): what touching that many B-trees costs in one statement.
const wideBuilt = new Set<number>();
export async function wideInsert(env: Env, siteId: string, n: number, ids: "v4" | "v7" = "v4") {
  const table = `abl_wide_${n}_${ids}`;
  if (!wideBuilt.has(n * 2 + (ids === "v7" ? 1 : 0))) {
    const shapes = [
      "site_id, created_at",
      "site_id, created_at DESC, id DESC",
      "contact_id, created_at",
      "site_id, status, created_at DESC, id DESC",
      "site_id, created_at, kind, status, contact_id, a, b",
      "contact_id, kind, dedupe_key",
      "site_id, kind, created_at DESC, id DESC",
      "email, site_id",
    ];
    const indexes = Array.from(
      { length: Math.max(0, n - 2) },
      (_, i) =>
        `CREATE INDEX ${table}_${i} ON ${table} (${shapes[i % shapes.length]}${i >= shapes.length ? `, x${i}` : ""})`,
    );
    const extra = Array.from({ length: 16 }, (_, i) => `x${i} INTEGER`).join(", ");
    await env.DB.batch([
      env.DB.prepare(`DROP TABLE IF EXISTS ${table}`),
      env.DB.prepare(
        `CREATE TABLE ${table} (id TEXT PRIMARY KEY, site_id TEXT NOT NULL, contact_id TEXT NOT NULL, email TEXT NOT NULL,
         kind TEXT NOT NULL, status TEXT NOT NULL, dedupe_key TEXT, a TEXT, b TEXT, body TEXT, created_at INTEGER NOT NULL, ${extra})`,
      ),
      ...indexes.map((text) => env.DB.prepare(text)),
    ]);
    wideBuilt.add(n * 2 + (ids === "v7" ? 1 : 0));
  }
  const now = Date.now();
  const id = () => (ids === "v7" ? timeOrderedId(now) : crypto.randomUUID());
  return env.DB.prepare(
    `INSERT INTO ${table} (id, site_id, contact_id, email, kind, status, dedupe_key, a, b, body, created_at)
     VALUES (?, ?, ?, ?, 'quote', 'new', ?, '[]', '[]', ?, ?)`,
  )
    .bind(id(), siteId, id(), `${crypto.randomUUID().slice(0, 8)}@bench.example`, "1".repeat(64), "x".repeat(300), now)
    .run();
}

// One INSERT of a row of `n` text columns, bound as n parameters or (`json`) as one JSON object
// read back with json_extract: what a statement's parameter count costs on its way to D1.
let paramsBuilt = false;
export async function paramsInsert(env: Env, n: number, json: boolean) {
  if (!paramsBuilt) {
    const columns = Array.from({ length: 30 }, (_, i) => `c${i} TEXT`).join(", ");
    await env.DB.batch([
      env.DB.prepare("DROP TABLE IF EXISTS abl_params"),
      env.DB.prepare(`CREATE TABLE abl_params (id TEXT PRIMARY KEY, ${columns})`),
    ]);
    paramsBuilt = true;
  }
  const values = Array.from({ length: n }, (_, i) =>
    i % 3 === 2 ? null : `https://bench.example/page-${i}?utm_source=ads`,
  );
  const names = values.map((_, i) => `c${i}`).join(", ");
  if (json) {
    const object = Object.fromEntries(values.map((v, i) => [`c${i}`, v]));
    const reads = values.map((_, i) => `json_extract(?2, '$.c${i}')`).join(", ");
    return env.DB.prepare(`INSERT INTO abl_params (id, ${names}) SELECT ?1, ${reads}`)
      .bind(crypto.randomUUID(), JSON.stringify(object))
      .run();
  }
  const marks = values.map((_, i) => `?${i + 2}`).join(", ");
  return env.DB.prepare(`INSERT INTO abl_params (id, ${names}) VALUES (?1, ${marks})`)
    .bind(crypto.randomUUID(), ...values)
    .run();
}
