import { describe, expect, it } from "vitest";
import { call, collect, context, inquiryBody, leadBody, makeSite } from "./helpers.ts";

const first = {
  landingUrl: "https://shop.example.jp/lp/winter",
  referrer: "https://www.google.com/",
  utm: { source: "google", medium: "cpc", campaign: "winter" },
  at: Date.UTC(2026, 10, 1, 9, 0),
};
const last = {
  landingUrl: "https://shop.example.jp/blog/stock",
  referrer: "https://t.co/",
  at: Date.UTC(2026, 10, 20),
};

const get = async (path: string, apiKey: string) =>
  (await (await call(path, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as {
    data: { context: Record<string, unknown> }[];
  };

describe("attribution and hidden fields, from the widget's body to the team API", () => {
  it("an inquiry keeps first and last touch and the hidden fields, and the API returns them", async () => {
    const site = await makeSite();
    const body = inquiryBody({ context: { ...context, attribution: { first, last } }, hidden: { plan: "pro" } });
    expect((await collect("inquiry", site.siteKey, body)).status).toBe(201);
    const { data } = await get("/v1/inquiries", site.apiKey);
    expect(data[0]?.context).toMatchObject({
      attribution: {
        first: { ...first, at: "2026-11-01T09:00:00.000Z" },
        last: { landingUrl: last.landingUrl, referrer: "https://t.co/", utm: {}, at: "2026-11-20T00:00:00.000Z" },
      },
      hidden: { plan: "pro" },
    });
  });

  it("a lead keeps them too; without them the API says null", async () => {
    const site = await makeSite();
    await collect("lead", site.siteKey, leadBody({ context: { ...context, attribution: { first } } }));
    await collect("lead", site.siteKey, leadBody({ email: "other@example.jp" }));
    const { data } = await get("/v1/leads", site.apiKey);
    const contexts = data.map((l) => l.context);
    expect(contexts).toContainEqual(
      expect.objectContaining({ attribution: { first: { ...first, at: "2026-11-01T09:00:00.000Z" }, last: null } }),
    );
    expect(contexts).toContainEqual(
      expect.objectContaining({ attribution: { first: null, last: null }, hidden: null }),
    );
  });

  it("refuses a touch that is not a web URL and too many or oddly named hidden fields, naming the field", async () => {
    const site = await makeSite();
    const bad = await collect(
      "inquiry",
      site.siteKey,
      inquiryBody({ context: { ...context, attribution: { first: { ...first, landingUrl: "not a url" } } } }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { fields: { "context.attribution.first.landingUrl": expect.any(String) } },
    });
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, "x"]));
    for (const hidden of [many, { "a b": "x" }]) {
      const res = await collect("inquiry", site.siteKey, inquiryBody({ hidden }));
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('"hidden');
    }
  });
});
