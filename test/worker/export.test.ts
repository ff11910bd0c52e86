import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { EXPORT_PAGE_SIZE } from "../../worker/routes/export.ts";
import { download, exportRows } from "./csv-helpers.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { type ErrorBody, HOUR, seedInquiry, seedLead } from "./team-fixtures.ts";

const T0 = Date.parse("2026-10-01T00:00:00+09:00");

describe("GET /v1/export/inquiries.csv", () => {
  it("UTF-8 with BOM, CRLF, RFC 4180 quoting, Japanese intact, formulas neutralised", async () => {
    const { siteKey, apiKey } = await makeSite();
    const id = await seedInquiry(
      siteKey,
      {
        kind: "quote",
        email: "keisan@example.jp",
        name: "@山田",
        company: "-株式会社サンプル",
        message: '=HYPERLINK("http://evil.example","見積")\n2行目, "引用"',
      },
      { at: T0 },
    );
    const { res, bytes, text } = await download(apiKey, "/v1/export/inquiries.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="inquiries-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.split("\r\n")[0]).toBe(
      "\uFEFFid,created_at,kind,status,assignee,first_response_at,email,name,company,verified_at,message,preferred_time,note,page_url,referrer,locale,utm_source,utm_medium,utm_campaign,utm_term,utm_content,contact_id",
    );
    const [row] = await exportRows(apiKey, "/v1/export/inquiries.csv");
    expect(row).toMatchObject({
      id,
      created_at: "2026-10-01 00:00:00", // the site's zone, Asia/Tokyo by default
      kind: "quote",
      status: "new",
      assignee: "",
      email: "keisan@example.jp",
      name: "'@山田",
      company: "'-株式会社サンプル",
      message: `'=HYPERLINK("http://evil.example","見積")\n2行目, "引用"`,
      utm_source: "newsletter",
    });
    // The quoted message, as written on the wire.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""見積"")\n2行目, ""引用"""`);
  });

  it("streams every matching row across pages, once each, in the list's order and filters", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const [contact] = (
      await env.DB.prepare(
        "INSERT INTO contacts (id, site_id, email, created_at, updated_at) VALUES (?, ?, 'bulk@example.jp', 0, 0) RETURNING id",
      )
        .bind(crypto.randomUUID(), siteId)
        .all<{ id: string }>()
    ).results;
    const total = EXPORT_PAGE_SIZE * 2 + 100;
    const insert = env.DB.prepare(
      `INSERT INTO inquiries (id, site_id, contact_id, kind, message, status, window_open, page_url, created_at)
       VALUES (?, ?, ?, 'contact', ?, ?, 0, 'https://shop.example.jp/', ?)`,
    );
    const ids: string[] = [];
    const statements = [];
    for (let i = 0; i < total; i++) {
      const id = `bulk-${String(i).padStart(5, "0")}`;
      ids.push(id);
      statements.push(insert.bind(id, siteId, contact!.id, `質問 ${i}`, i % 10 === 0 ? "won" : "new", T0 + i * 1000));
    }
    await env.DB.batch(statements);
    await seedInquiry(siteKey, { message: "newest" }, { at: T0 + total * 1000 });

    const all = await exportRows(apiKey, "/v1/export/inquiries.csv?sort=oldest");
    expect(all).toHaveLength(total + 1);
    expect(all.slice(0, total).map((r) => r.id)).toEqual(ids);
    const won = await exportRows(apiKey, "/v1/export/inquiries.csv?status=won");
    expect(won.map((r) => r.id)).toEqual(ids.filter((_, i) => i % 10 === 0).reverse());
    const q = await exportRows(apiKey, `/v1/export/inquiries.csv?q=${encodeURIComponent("質問 99")}`);
    expect(q.map((r) => r.message).sort()).toEqual(
      ["質問 99", ...Array.from({ length: 10 }, (_, i) => `質問 99${i}`)].sort(),
    );
  });

  it("never exports another site's rows; bad filters are a 400 before any CSV", async () => {
    const a = await makeSite();
    const b = await makeSite();
    await seedInquiry(b.siteKey, { message: "B社の秘密" });
    const mine = await seedInquiry(a.siteKey);
    expect((await exportRows(a.apiKey, "/v1/export/inquiries.csv")).map((r) => r.id)).toEqual([mine]);
    expect(await exportRows(a.apiKey, `/v1/export/inquiries.csv?q=${encodeURIComponent("B社")}`)).toEqual([]);
    expect(await exportRows(a.apiKey, "/v1/export/leads.csv")).toEqual([]);
    for (const [query, fields] of [
      ["status=closed", { status: 'must be one of new, contacted, qualified, won, lost, spam (got "closed")' }],
      ["limit=10", { limit: "is not recognised (check its spelling)" }],
      ["tz=Tokyo", { tz: "must be an IANA time zone such as Asia/Tokyo" }],
    ] as const) {
      const res = await call(`/v1/export/inquiries.csv?${query}`, { headers: { authorization: `Bearer ${a.apiKey}` } });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await res.json()) as ErrorBody).error.fields).toEqual(fields);
    }
    expect((await call("/v1/export/inquiries.csv")).status).toBe(401);
  });
});

describe("CSV times", () => {
  it("are the site's local time (Excel reads YYYY-MM-DD HH:MM:SS), or that of ?tz=", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const id = await seedInquiry(siteKey, {}, { at: Date.parse("2026-11-01T14:59:59Z") }); // 23:59:59 JST
    await env.DB.prepare("UPDATE inquiries SET first_response_at = ? WHERE id = ?")
      .bind(Date.parse("2026-11-01T15:00:00Z"), id)
      .run();
    await seedLead(siteKey, {}, Date.parse("2026-07-01T04:30:00Z"));
    const inquiry = async (query = "") => (await exportRows(apiKey, `/v1/export/inquiries.csv${query}`))[0]!;
    const lead = async (query = "") => (await exportRows(apiKey, `/v1/export/leads.csv${query}`))[0]!;

    expect(await inquiry()).toMatchObject({
      created_at: "2026-11-01 23:59:59",
      first_response_at: "2026-11-02 00:00:00",
    });
    expect(await lead()).toMatchObject({ first_download_at: "2026-07-01 13:30:00" });
    expect(await inquiry("?tz=UTC")).toMatchObject({ created_at: "2026-11-01 14:59:59" });
    // A site in New York: daylight saving time in July (UTC-4), standard time in November (UTC-5).
    await env.DB.prepare("UPDATE sites SET time_zone = 'America/New_York' WHERE id = ?").bind(siteId).run();
    expect(await inquiry()).toMatchObject({ created_at: "2026-11-01 09:59:59" });
    expect(await lead()).toMatchObject({ first_download_at: "2026-07-01 00:30:00" });
    expect(await lead("?tz=Asia/Tokyo")).toMatchObject({ first_download_at: "2026-07-01 13:30:00" });
  });
});

describe("GET /v1/export/leads.csv", () => {
  it("exports leads with contact, grade and context; the lead filters apply", async () => {
    const { siteKey, apiKey } = await makeSite();
    const price = await seedLead(siteKey, { email: "p@example.jp", name: "+田中", resourceId: "price-list" }, T0);
    await seedLead(siteKey, { email: "w@example.jp", resourceId: "whitepaper" }, T0 + HOUR);
    const rows = await exportRows(apiKey, "/v1/export/leads.csv?resource=price-list");
    expect(rows).toEqual([
      expect.objectContaining({
        id: price,
        resource_id: "price-list",
        download_count: "1",
        first_download_at: "2026-10-01 00:00:00",
        last_download_at: "2026-10-01 00:00:00",
        email: "p@example.jp",
        name: "'+田中",
        grade: "cold",
        utm_campaign: "autumn",
      }),
    ]);
    expect(await exportRows(apiKey, "/v1/export/leads.csv?grade=hot")).toEqual([]);
    expect((await exportRows(apiKey, "/v1/export/leads.csv")).map((r) => r.resource_id)).toEqual([
      "whitepaper",
      "price-list",
    ]);
  });
});

describe("CSV name and company", () => {
  it("are each record's own typed pair (none when typed empty), else its contact's when it has no submission", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const email = `pair.${crypto.randomUUID().slice(0, 8)}@example.jp`;
    const lead = await collect("lead", siteKey, leadBody({ email, name: "=田中", company: "株式会社, 田中" }));
    const quiet = await collect("inquiry", siteKey, inquiryBody({ email, name: undefined, company: undefined }));
    const ids = {
      lead: ((await lead.json()) as { id: string }).id,
      quiet: ((await quiet.json()) as { id: string }).id,
    };
    const contact = crypto.randomUUID();
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO contacts (id, site_id, email, name, company, created_at, updated_at) VALUES (?, ?, 'old@example.jp', '佐藤 \"花子\"', NULL, 0, 0)",
      ).bind(contact, siteId),
      env.DB.prepare(
        `INSERT INTO inquiries (id, site_id, contact_id, kind, message, status, window_open, page_url, created_at)
         VALUES ('stored-before', ?, ?, 'contact', 'm', 'new', 0, 'https://shop.example.jp/', ?)`,
      ).bind(siteId, contact, T0),
    ]);
    const inquiries = await exportRows(apiKey, "/v1/export/inquiries.csv");
    const pair = (id: string) => {
      const row = inquiries.find((r) => r.id === id)!;
      return [row.name, row.company];
    };
    expect(pair(ids.quiet)).toEqual(["", ""]);
    expect(pair("stored-before")).toEqual(['佐藤 "花子"', ""]);
    const [leadRow] = await exportRows(apiKey, "/v1/export/leads.csv");
    expect(leadRow).toMatchObject({ id: ids.lead, name: "'=田中", company: "株式会社, 田中" });
  });
});
