import { describe, expect, it } from "vitest";
import { LeadPageSchema } from "../../shared/api-team.ts";
import { makeSite } from "./helpers.ts";
import { allIds, DAY, type ErrorBody, getJson, HOUR, seedLead } from "./team-fixtures.ts";

const T0 = Date.parse("2026-11-01T00:00:00+09:00");
const utm = (source: string, campaign: string) => ({
  context: { pageUrl: "https://shop.example.jp/dl", referrer: "https://www.google.com/", utm: { source, campaign } },
});

describe("GET /v1/leads", () => {
  it("lists downloads newest first with contact and grade; pages by cursor", async () => {
    const { siteKey, apiKey } = await makeSite();
    const base = Date.now() - 60 * DAY; // old enough for the contacts to be cold
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await seedLead(siteKey, { email: `p${i}@example.jp`, name: `山田 ${i}` }, base + i * HOUR));
    const { status, body } = await getJson<{ data: unknown[] }>(apiKey, "/v1/leads?limit=2");
    expect(status).toBe(200);
    const parsed = LeadPageSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(body.data[0]).toMatchObject({
      id: ids[4],
      resourceId: "whitepaper-2026",
      downloadCount: 1,
      firstDownloadAt: new Date(base + 4 * HOUR).toISOString(),
      contact: { email: "p4@example.jp", name: "山田 4", grade: "cold" },
      context: { referrer: "https://www.google.com/", utm: { source: "newsletter" } },
    });
    expect(await allIds(apiKey, "/v1/leads?limit=2")).toEqual([...ids].reverse());
    expect(await allIds(apiKey, "/v1/leads?limit=2&sort=oldest")).toEqual(ids);
  });

  it("filters: resource, from/to, utm_source, utm_campaign, q", async () => {
    const { siteKey, apiKey } = await makeSite();
    const a = await seedLead(
      siteKey,
      { email: "a@example.jp", resourceId: "price-list", ...utm("google", "winter") },
      T0,
    );
    const b = await seedLead(
      siteKey,
      { email: "b@example.jp", company: "株式会社サンプル", resourceId: "whitepaper", ...utm("newsletter", "winter") },
      T0 + HOUR,
    );
    const c = await seedLead(
      siteKey,
      { email: "c@example.jp", resourceId: "price-list", ...utm("newsletter", "spring") },
      T0 + 2 * HOUR,
    );
    expect(await allIds(apiKey, "/v1/leads?resource=price-list")).toEqual([c, a]);
    expect(await allIds(apiKey, "/v1/leads?utm_campaign=winter")).toEqual([b, a]);
    expect(await allIds(apiKey, "/v1/leads?utm_source=newsletter&utm_campaign=winter")).toEqual([b]);
    expect(await allIds(apiKey, `/v1/leads?q=${encodeURIComponent("サンプル")}`)).toEqual([b]);
    const window = `from=${encodeURIComponent("2026-11-01T01:00:00+09:00")}&to=${encodeURIComponent("2026-10-31T17:00:00Z")}`;
    expect(await allIds(apiKey, `/v1/leads?${window}`)).toEqual([b]);
  });

  it("400 naming the parameter: unknown grade, inquiry-only filters, bad dates", async () => {
    const { apiKey } = await makeSite();
    for (const [query, fields] of [
      ["grade=boiling", { grade: 'must be one of cold, warm, hot (got "boiling")' }],
      ["status=new", { status: "is not recognised (check its spelling)" }],
      ["from=yesterday", { from: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00" }],
      ["limit=201", { limit: "must be an integer between 1 and 200" }],
    ] as const) {
      const { status, body } = await getJson<ErrorBody>(apiKey, `/v1/leads?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.fields, query).toEqual(fields);
    }
  });

  it("a key of site A never sees site B's leads, whatever the filter", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const mine = await seedLead(a.siteKey, { email: "a@example.jp" }, T0);
    const theirs = await seedLead(
      b.siteKey,
      { email: "b-only@example.jp", resourceId: "b-res", ...utm("b-src", "b-camp") },
      T0 + HOUR,
    );
    for (const query of ["", "resource=b-res", "utm_source=b-src", "utm_campaign=b-camp", "q=b-only", "grade=cold"]) {
      const ids = await allIds(a.apiKey, `/v1/leads?${query}`);
      expect(ids, query).not.toContain(theirs);
    }
    expect(await allIds(a.apiKey, "/v1/leads")).toEqual([mine]);
    expect(await allIds(b.apiKey, "/v1/leads?q=b-only")).toEqual([theirs]);
  });
});
