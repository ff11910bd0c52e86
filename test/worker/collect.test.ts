import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, context, inquiryBody, leadBody, makeSite, rows } from "./helpers.ts";

const DAY = 24 * 60 * 60 * 1000;

describe("collect: storing", () => {
  it("stores a lead with its contact and the visitor's context", async () => {
    const { siteKey, siteId } = await makeSite();
    const res = await collect("lead", siteKey, leadBody({ name: "山田 太郎", company: "サンプル株式会社" }));
    expect(res.status).toBe(201);
    const { id, duplicate } = (await res.json()) as { id: string; duplicate: boolean };
    expect(duplicate).toBe(false);
    const [lead] = await rows("SELECT * FROM leads WHERE id = ?", id);
    expect(lead).toMatchObject({
      site_id: siteId,
      resource_id: "whitepaper-2026",
      download_count: 1,
      page_url: context.pageUrl,
      referrer: context.referrer,
      utm_source: "newsletter",
      utm_medium: "email",
      utm_campaign: "autumn",
      utm_term: null,
      locale: "ja-JP",
    });
    const [contact] = await rows("SELECT * FROM contacts WHERE id = ?", lead?.contact_id);
    expect(contact).toMatchObject({
      site_id: siteId,
      email: "taro@example.jp",
      name: "山田 太郎",
      company: "サンプル株式会社",
    });
  });

  it("stores an inquiry with status new", async () => {
    const { siteKey } = await makeSite();
    const res = await collect("inquiry", siteKey, inquiryBody());
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [inquiry] = await rows("SELECT * FROM inquiries WHERE id = ?", id);
    expect(inquiry).toMatchObject({
      kind: "demo",
      status: "new",
      message: "来週デモをお願いします",
      preferred_time: "平日午後",
    });
  });

  it("keeps leads and inquiries of one person on one contact", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("lead", siteKey, leadBody({ email: "ken@example.jp" }));
    await collect("inquiry", siteKey, inquiryBody({ email: "ken@example.jp" }));
    const contacts = await rows("SELECT id FROM contacts WHERE site_id = ?", siteId);
    expect(contacts).toHaveLength(1);
    const [lead] = await rows("SELECT contact_id FROM leads WHERE site_id = ?", siteId);
    const [inquiry] = await rows("SELECT contact_id FROM inquiries WHERE site_id = ?", siteId);
    expect(lead?.contact_id).toBe(contacts[0]?.id);
    expect(inquiry?.contact_id).toBe(contacts[0]?.id);
  });
});

describe("dedupe 1: exactly once per submission", () => {
  it("a retried lead returns 200 with the original id and duplicate: true", async () => {
    const { siteKey, siteId } = await makeSite();
    const body = leadBody();
    const first = await collect("lead", siteKey, body);
    const again = await collect("lead", siteKey, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = (await first.json()) as { id: string };
    expect(await again.json()).toEqual({ id: a.id, duplicate: true });
    const [lead] = await rows<{ n: number; c: number }>(
      "SELECT count(*) AS n, sum(download_count) AS c FROM leads WHERE site_id = ?",
      siteId,
    );
    expect(lead).toEqual({ n: 1, c: 1 }); // the retry did not count as a second download
  });

  it("a retried inquiry returns 200 with the original id", async () => {
    const { siteKey, siteId } = await makeSite();
    const body = inquiryBody();
    const a = (await (await collect("inquiry", siteKey, body)).json()) as { id: string };
    const again = await collect("inquiry", siteKey, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: a.id, duplicate: true });
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(1);
  });

  it("two identical submissions at the same moment leave exactly one row", async () => {
    const { siteKey, siteId } = await makeSite();
    const inquiry = inquiryBody();
    const lead = leadBody({ email: inquiry.email });
    const responses = await Promise.all([
      ...Array.from({ length: 5 }, () => collect("inquiry", siteKey, inquiry)),
      ...Array.from({ length: 5 }, () => collect("lead", siteKey, lead)),
    ]);
    const statuses = responses.map((r: Response) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 201, 201]);
    const ids = new Set(
      await Promise.all(responses.map(async (r: Response) => ((await r.json()) as { id: string }).id)),
    );
    expect(ids.size).toBe(2);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(1);
    expect(await rows("SELECT id FROM leads WHERE site_id = ? AND download_count = 1", siteId)).toHaveLength(1);
    expect(await rows("SELECT id FROM contacts WHERE site_id = ?", siteId)).toHaveLength(1);
  });

  it("the same submission id on another site is another submission", async () => {
    const one = await makeSite();
    const two = await makeSite();
    const body = leadBody();
    expect((await collect("lead", one.siteKey, body)).status).toBe(201);
    expect((await collect("lead", two.siteKey, body)).status).toBe(201);
  });
});

describe("dedupe 2: one contact per person", () => {
  it("matches full-width, upper-case and padded e-mails to one contact", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("lead", siteKey, leadBody({ email: "Taro@Example.jp" }));
    await collect("lead", siteKey, leadBody({ email: " ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ", resourceId: "price-list" }));
    await collect("inquiry", siteKey, inquiryBody({ email: "TARO@EXAMPLE.JP" }));
    const contacts = await rows("SELECT email FROM contacts WHERE site_id = ?", siteId);
    expect(contacts).toEqual([{ email: "taro@example.jp" }]);
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toHaveLength(2);
  });

  it("the contact's name and company are the latest inquiry's pair, else the latest download's (history per submission)", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = leadBody({ name: "山田", company: undefined });
    const second = leadBody({ resourceId: "price-list", name: "偽名", company: "新社名" });
    const third = inquiryBody({ email: "taro@example.jp", name: "攻撃者", company: "別会社" });
    for (const [kind, body] of [
      ["lead", first],
      ["lead", second],
      ["inquiry", third],
    ] as const) {
      expect((await collect(kind, siteKey, body)).status).toBe(201);
    }
    const contacts = await rows("SELECT email, name, company FROM contacts WHERE site_id = ?", siteId);
    // An inquiry's pair, as typed together, never mixed with a download's.
    expect(contacts).toEqual([{ email: "taro@example.jp", name: "攻撃者", company: "別会社" }]);
    const history = await rows("SELECT submission_id, name, company FROM submissions WHERE site_id = ?", siteId);
    expect(history).toHaveLength(3);
    expect(history).toEqual(
      expect.arrayContaining([
        { submission_id: first.submissionId, name: "山田", company: null },
        { submission_id: second.submissionId, name: "偽名", company: "新社名" },
        { submission_id: third.submissionId, name: "攻撃者", company: "別会社" },
      ]),
    );
  });

  it("each new lead and inquiry keeps the pair typed with it ('' for a field left empty); a repeat keeps the first's", async () => {
    const { siteKey, siteId } = await makeSite();
    const email = "hanako@example.jp";
    const lead = leadBody({ email, name: "山田 花子", company: undefined });
    const inquiry = inquiryBody({ email, name: undefined, company: "花子商店" });
    expect((await collect("lead", siteKey, lead)).status).toBe(201);
    expect((await collect("inquiry", siteKey, inquiry)).status).toBe(201);
    // The same download again within its window, typed otherwise: one more download on the lead.
    expect((await collect("lead", siteKey, leadBody({ email, name: "偽名", company: "別会社" }))).status).toBe(201);
    const typed = "SELECT typed_name, typed_company FROM";
    expect(await rows(`${typed} leads WHERE site_id = ?`, siteId)).toEqual([
      { typed_name: "山田 花子", typed_company: "" },
    ]);
    expect(await rows(`${typed} inquiries WHERE site_id = ?`, siteId)).toEqual([
      { typed_name: "", typed_company: "花子商店" },
    ]);
  });

  it("does not merge people across sites", async () => {
    const one = await makeSite();
    const two = await makeSite();
    await collect("lead", one.siteKey, leadBody());
    await collect("lead", two.siteKey, leadBody());
    const n = await rows("SELECT site_id FROM contacts WHERE site_id IN (?, ?)", one.siteId, two.siteId);
    expect(n).toHaveLength(2);
  });
});

describe("dedupe 3: no noise events", () => {
  it("a repeat download within 24 h counts on the existing lead, answered as a new one is", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = (await (await collect("lead", siteKey, leadBody())).json()) as { id: string };
    const again = await collect("lead", siteKey, leadBody());
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ id: first.id, duplicate: false });
    const leads = await rows<{ download_count: number; first_seen_at: number; last_seen_at: number }>(
      "SELECT download_count, first_seen_at, last_seen_at FROM leads WHERE site_id = ?",
      siteId,
    );
    expect(leads).toHaveLength(1);
    expect(leads[0]?.download_count).toBe(2);
    expect(leads[0]!.last_seen_at).toBeGreaterThanOrEqual(leads[0]!.first_seen_at);
  });

  it("a download more than 24 h after the first is a new lead", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = (await (await collect("lead", siteKey, leadBody())).json()) as { id: string };
    await env.DB.prepare("UPDATE leads SET first_seen_at = first_seen_at - ? WHERE id = ?")
      .bind(DAY + 1000, first.id)
      .run();
    const later = await collect("lead", siteKey, leadBody());
    expect(later.status).toBe(201);
    const leads = await rows("SELECT id, window_open FROM leads WHERE site_id = ? ORDER BY first_seen_at", siteId);
    expect(leads).toEqual([
      { id: first.id, window_open: 0 },
      { id: ((await later.json()) as { id: string }).id, window_open: 1 },
    ]);
  });

  it("a different resource is a different lead", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("lead", siteKey, leadBody());
    expect((await collect("lead", siteKey, leadBody({ resourceId: "case-study" }))).status).toBe(201);
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toHaveLength(2);
  });

  it("whoever posts someone's address and a resource cannot tell whether that person downloaded it", async () => {
    const { siteKey } = await makeSite();
    const known = "known@example.jp";
    await collect("lead", siteKey, leadBody({ email: known }));
    // A stranger's posts under new submission ids: one address that downloaded, one never seen.
    const answers = [];
    for (const email of [known, "unknown@example.jp"]) {
      const lead = await collect("lead", siteKey, leadBody({ email }));
      answers.push([lead.status, { ...((await lead.json()) as object), id: "…" }]);
    }
    expect(answers).toEqual([
      [201, { id: "…", duplicate: false }],
      [201, { id: "…", duplicate: false }],
    ]);
  });

  it("the same inquiry (contact, kind, message) within 24 h is a duplicate", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = (await (await collect("inquiry", siteKey, inquiryBody())).json()) as { id: string };
    const again = await collect("inquiry", siteKey, inquiryBody({ email: "HANAKO@example.jp" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(1);
  });

  it("another message or kind is another inquiry", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("inquiry", siteKey, inquiryBody());
    expect((await collect("inquiry", siteKey, inquiryBody({ message: "別件です" }))).status).toBe(201);
    expect((await collect("inquiry", siteKey, inquiryBody({ kind: "quote" }))).status).toBe(201);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(3);
  });

  it("the same inquiry after 24 h is a new inquiry", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = (await (await collect("inquiry", siteKey, inquiryBody())).json()) as { id: string };
    await env.DB.prepare("UPDATE inquiries SET created_at = created_at - ? WHERE id = ?")
      .bind(DAY + 1000, first.id)
      .run();
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(2);
  });
});
