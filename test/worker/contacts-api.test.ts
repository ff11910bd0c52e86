import { describe, expect, it } from "vitest";
import { ContactDetailSchema, ContactPageSchema } from "../../shared/api-team.ts";
import { makeSite } from "./helpers.ts";
import { allIds, DAY, type ErrorBody, getJson, seedInquiry, seedLead } from "./team-fixtures.ts";

interface ContactItem {
  id: string;
  email: string;
  grade: string;
  leadCount: number;
  inquiryCount: number;
}

describe("GET /v1/contacts and /v1/contacts/:id", () => {
  it("lists people newest first with grade and counts; q finds name, company, e-mail", async () => {
    const { siteKey, apiKey } = await makeSite();
    const now = Date.now();
    await seedLead(siteKey, { email: "reader@example.jp", name: "佐藤 一郎", resourceId: "a" }, now - 3 * DAY);
    await seedLead(siteKey, { email: "reader@example.jp", resourceId: "b" }, now - 2 * DAY);
    await seedInquiry(siteKey, { email: "asker@example.jp", name: "鈴木", company: "株式会社テスト" });
    const { status, body } = await getJson<{ data: ContactItem[] }>(apiKey, "/v1/contacts");
    expect(status).toBe(200);
    expect(ContactPageSchema.safeParse(body).success).toBe(true);
    expect(body.data.map((c) => [c.email, c.grade, c.leadCount, c.inquiryCount])).toEqual([
      ["asker@example.jp", "hot", 0, 1],
      ["reader@example.jp", "warm", 2, 0],
    ]);
    const ids = body.data.map((c) => c.id);
    expect(await allIds(apiKey, `/v1/contacts?q=${encodeURIComponent("テスト")}`)).toEqual([ids[0]]);
    expect(await allIds(apiKey, `/v1/contacts?q=${encodeURIComponent("佐藤")}`)).toEqual([ids[1]]);
    expect(await allIds(apiKey, "/v1/contacts?q=READER")).toEqual([ids[1]]);
    expect(await allIds(apiKey, "/v1/contacts?limit=1&sort=oldest")).toEqual([ids[1], ids[0]]);
  });

  it("a contact with its leads and inquiries, oldest first", async () => {
    const { siteKey, apiKey } = await makeSite();
    const now = Date.now();
    const email = "both@example.jp";
    const first = await seedLead(siteKey, { email, resourceId: "whitepaper" }, now - 5 * DAY);
    const second = await seedLead(siteKey, { email, resourceId: "price-list" }, now - 4 * DAY);
    const asked = await seedInquiry(siteKey, { email, kind: "quote", message: "見積" }, { at: now - 3 * DAY });
    const { body: list } = await getJson<{ data: ContactItem[] }>(apiKey, "/v1/contacts");
    const { status, body } = await getJson<{ leads: { id: string }[]; inquiries: { id: string }[] }>(
      apiKey,
      `/v1/contacts/${list.data[0]!.id}`,
    );
    expect(status).toBe(200);
    const parsed = ContactDetailSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(body).toMatchObject({ email, grade: "hot" });
    expect(body.leads.map((l) => l.id)).toEqual([first, second]);
    expect(body.inquiries.map((i) => i.id)).toEqual([asked]);
    expect(body.leads[0]).toMatchObject({ resourceId: "whitepaper", context: { utm: { source: "newsletter" } } });
  });

  it("400 for a bad grade; 404 for another site's contact; never another site's people in a list", async () => {
    const a = await makeSite();
    const b = await makeSite();
    await seedLead(b.siteKey, { email: "b-person@example.jp" });
    const { body: bList } = await getJson<{ data: ContactItem[] }>(b.apiKey, "/v1/contacts");
    const bContact = bList.data[0]!.id;
    const res = await getJson<ErrorBody>(a.apiKey, `/v1/contacts/${bContact}`);
    expect(res.status).toBe(404);
    expect(res.body.error.fields).toEqual({ id: "no contact with this id on this site" });
    for (const query of ["", "q=b-person", "grade=warm"])
      expect(await allIds(a.apiKey, `/v1/contacts?${query}`), query).toEqual([]);
    const bad = await getJson<ErrorBody>(a.apiKey, "/v1/contacts?grade=lukewarm");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ grade: 'must be one of cold, warm, hot (got "lukewarm")' });
  });
});
