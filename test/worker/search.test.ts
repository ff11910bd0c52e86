// `q` through the FTS5 trigram indexes (migrations/0012): what matches, short queries, and the
// index following every write (collect, a later name, erasure, the retention purge), and the
// cron's catch-up of what the collect path queued.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ContactFilters, LeadFilters } from "../../shared/team-queries.ts";
import { listContacts } from "../../worker/db/contact-list.ts";
import { listInquiries } from "../../worker/db/inquiry-list.ts";
import { listLeads } from "../../worker/db/lead-list.ts";
import { orm } from "../../worker/db/orm.ts";
import type { Plan } from "../../worker/db/plan.ts";
import worker from "../../worker/index.ts";
import { NOTIFY_CRON } from "../../worker/notify/crons.ts";
import { call, collect, leadBody, makeSite } from "./helpers.ts";
import { addKey, allIds, DAY, seedInquiry, seedLead } from "./team-fixtures.ts";

const q = (path: string, text: string) => `${path}?q=${encodeURIComponent(text)}`;

/** FTS5's own check that an index matches its content (the views of migration 0012). */
async function indexesIntact() {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')"),
    env.DB.prepare("INSERT INTO inquiries_fts (inquiries_fts) VALUES ('integrity-check')"),
  ]);
}

describe("q (FTS5 trigram index)", () => {
  it("finds 1, 2 and 3+ character substrings anywhere, at the end of a value too, case-insensitively", async () => {
    const { siteKey, apiKey } = await makeSite();
    const hayashi = await seedInquiry(siteKey, { email: "h@example.jp", name: "林", company: "AB", message: "短文" });
    const yamada = await seedInquiry(siteKey, {
      email: "Taro.Yamada@Example.JP",
      name: "山田 太郎",
      company: "株式会社サンプル",
      message: "価格表をください",
    });
    // The collect batch only queued them (off the FTS write); the search indexes them first.
    const pending = () => env.DB.prepare("SELECT count(*) AS n FROM search_pending").first<{ n: number }>();
    expect((await pending())?.n).toBeGreaterThanOrEqual(4);
    const path = "/v1/inquiries";
    expect(await allIds(apiKey, q(path, "林")), "林").toEqual([hayashi]); // the whole (one-character) name
    expect(await allIds(apiKey, q(path, "太郎")), "太郎").toEqual([yamada]); // the last two characters of the name
    expect(await allIds(apiKey, q(path, "郎")), "郎").toEqual([yamada]);
    expect(await allIds(apiKey, q(path, "文")), "文").toEqual([hayashi]); // the message's last character
    expect(await allIds(apiKey, q(path, "価格")), "価格").toEqual([yamada]);
    expect(await allIds(apiKey, q(path, "ab")), "ab").toEqual([hayashi]);
    expect(await allIds(apiKey, q(path, "yamada@example")), "yamada@example").toEqual([yamada]);
    expect(await allIds(apiKey, q(path, "山田 太")), "山田 太").toEqual([yamada]); // spaces are characters too
    expect(await allIds(apiKey, q(path, "社サンプ")), "社サンプ").toEqual([yamada]);
    expect(await allIds(apiKey, q(path, "林山")), "林山").toEqual([]); // never across two values
    expect(await allIds(apiKey, q(path, '"')), '"').toEqual([]);
    expect(await allIds(apiKey, q(path, 'a"b')), 'a"b').toEqual([]);
    expect(await allIds(apiKey, q(path, "\u0001")), "\u0001").toEqual([]); // the index's padding is not searchable
    expect(await allIds(apiKey, q("/v1/contacts", "タロ")), "タロ").toEqual([]);
    expect(await allIds(apiKey, q("/v1/leads", "山田")), "山田").toEqual([]);
    expect((await pending())?.n).toBe(0);
    await indexesIntact();
  });

  it("follows the contact: a name filled in later is found, leads and contacts by person fields", async () => {
    const { siteKey, apiKey } = await makeSite();
    const lead = await seedLead(siteKey, { email: "later@example.jp", resourceId: "price-list" });
    expect(await allIds(apiKey, q("/v1/leads", "鈴木")), "鈴木").toEqual([]);
    // A later submission fills the empty name (the collect upsert): the index follows.
    await collect("lead", siteKey, leadBody({ email: "later@example.jp", name: "鈴木 次郎", resourceId: "other" }));
    const leads = await allIds(apiKey, q("/v1/leads", "鈴木"));
    expect(leads).toHaveLength(2);
    expect(leads).toContain(lead);
    const [contact] = await allIds(apiKey, q("/v1/contacts", "次郎"));
    expect(contact).toBeDefined();
    expect(await allIds(apiKey, q("/v1/contacts", "LATER@")), "LATER@").toEqual([contact]);
    await indexesIntact();
  });

  it("an erased person is gone from the index; another site's rows never match", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const writer = await addKey(a.siteId, "write");
    await seedInquiry(a.siteKey, { email: "erase-me@example.jp", name: "消去 太郎", message: "秘密の相談" });
    await seedInquiry(b.siteKey, { email: "other@example.jp", name: "消去 太郎", message: "秘密の相談" });
    expect(await allIds(a.apiKey, q("/v1/inquiries", "秘密")), "秘密").toHaveLength(1);
    const erased = await call("/v1/personal-data/erase", {
      method: "POST",
      headers: { authorization: `Bearer ${writer.key}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "erase-me@example.jp" }),
    });
    expect(erased.status).toBe(200);
    for (const text of ["秘密", "消去", "erase-me", "密"]) {
      expect(await allIds(a.apiKey, q("/v1/inquiries", text))).toEqual([]);
      expect(await allIds(a.apiKey, q("/v1/contacts", text))).toEqual([]);
    }
    // Site B's copy is still there, for B only.
    expect(await allIds(b.apiKey, q("/v1/inquiries", "秘密")), "秘密").toHaveLength(1);
    const terms = await env.DB.prepare(
      "SELECT count(*) AS n FROM inquiries_fts_terms WHERE term >= '秘密の' AND term < '秘密の\u{10FFFF}'",
    ).first<{ n: number }>();
    expect(terms?.n).toBe(1); // B's message only: A's postings were deleted, not just hidden
    await indexesIntact();
  });
});

describe("the two ways a filtered list is read (db/plan.ts)", () => {
  it("walking the list in order and starting from the candidates give the same rows", async () => {
    const { siteKey, siteId } = await makeSite();
    const other = await makeSite();
    const now = Date.now();
    for (let i = 0; i < 6; i++) {
      const email = `p${i}@example.jp`;
      // The inquiry gives the same name: a contact shows its latest inquiry's.
      const name = i % 2 ? "山田 太郎" : "林 花子";
      await seedLead(siteKey, { email, name, resourceId: `r${i}` }, now - i * 20 * DAY);
      if (i % 3 === 0)
        await seedInquiry(siteKey, { email, name, message: i ? "価格表" : "見積" }, { at: now - i * DAY });
    }
    await seedInquiry(other.siteKey, { email: "o@example.jp", name: "山田 太郎", message: "価格表" });
    const db = orm(env.DB);
    const both = async <T extends { id: string }>(list: (plan: Plan) => Promise<{ rows: T[] }>) => {
      const [walk, narrow] = [(await list("walk")).rows, (await list("narrow")).rows];
      expect(narrow.map((r) => r.id)).toEqual(walk.map((r) => r.id));
      return walk.length;
    };
    const inquiries = (q: string) => (plan: Plan) =>
      listInquiries(db, siteId, { sort: "newest", q }, 50, undefined, plan);
    const leads = (f: Partial<LeadFilters>) => (plan: Plan) =>
      listLeads(db, siteId, { sort: "newest", ...f }, 50, now, undefined, plan);
    const contacts = (f: Partial<ContactFilters>) => (plan: Plan) =>
      listContacts(db, siteId, { sort: "newest", ...f }, 50, now, undefined, plan);
    expect(await both(inquiries("価格"))).toBe(1);
    expect(await both(inquiries("山田"))).toBe(1);
    expect(await both(inquiries("林"))).toBe(1);
    expect(await both(leads({ q: "山田" }))).toBe(3);
    expect(await both(leads({ grade: ["warm"] }))).toBe(1);
    expect(await both(leads({ grade: ["hot"] }))).toBe(2);
    expect(await both(leads({ grade: ["warm", "hot"], q: "林" }))).toBe(1);
    expect(await both(contacts({ grade: ["hot"] }))).toBe(2);
    expect(await both(contacts({ q: "example.jp", grade: ["warm"] }))).toBe(1);
  });
});

describe("the 5-minute cron's search catch-up (worker/scheduled.ts)", () => {
  it("indexes the rows the collect path queued and empties the queue, without any search", async () => {
    const { siteKey } = await makeSite();
    const inquiry = await seedInquiry(siteKey, {
      email: "cron-catch-up@example.jp",
      name: "定期 索引",
      company: "株式会社クロン",
      message: "夜間バッチの見積",
    });
    const pending = async () =>
      (await env.DB.prepare("SELECT tbl, count(*) AS n FROM search_pending GROUP BY tbl ORDER BY tbl").all()).results;
    // Straight from the index (a `q` request would catch up by itself first).
    const matches = async (index: "contacts_fts" | "inquiries_fts", text: string) =>
      (
        await env.DB.prepare(`SELECT rowid FROM ${index} WHERE ${index} MATCH ?`)
          .bind(`"${text}"`)
          .all<{ rowid: number }>()
      ).results.map((r) => r.rowid);
    const rowid = async (table: "contacts" | "inquiries", where: string, value: string) =>
      (await env.DB.prepare(`SELECT rowid FROM ${table} WHERE ${where} = ?`).bind(value).first<{ rowid: number }>())!
        .rowid;
    const contactRow = await rowid("contacts", "email", "cron-catch-up@example.jp");
    const inquiryRow = await rowid("inquiries", "id", inquiry);
    expect(await pending()).toEqual([
      { tbl: "contacts", n: 1 },
      { tbl: "inquiries", n: 1 },
    ]);
    expect(await matches("contacts_fts", "株式会社クロン")).toEqual([]);
    expect(await matches("inquiries_fts", "夜間バッチ")).toEqual([]);

    await worker.scheduled(
      createScheduledController({ cron: NOTIFY_CRON, scheduledTime: Date.now() }),
      env,
      createExecutionContext(),
    );

    expect(await pending()).toEqual([]);
    expect(await matches("contacts_fts", "株式会社クロン")).toEqual([contactRow]);
    expect(await matches("contacts_fts", "定期 索引")).toEqual([contactRow]);
    expect(await matches("inquiries_fts", "夜間バッチ")).toEqual([inquiryRow]);
    await indexesIntact();
  });
});
