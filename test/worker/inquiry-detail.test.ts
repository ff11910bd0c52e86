import { describe, expect, it } from "vitest";
import { InquiryDetailSchema } from "../../shared/api-team.ts";
import { makeSite } from "./helpers.ts";
import { DAY, type ErrorBody, getJson, HOUR, seedInquiry, seedLead } from "./team-fixtures.ts";

const T0 = Date.parse("2026-11-01T09:00:00+09:00");
const from = (source: string, referrer: string) => ({
  context: { pageUrl: `https://shop.example.jp/${source}`, referrer, utm: { source, campaign: `${source}-c` } },
});

interface Detail {
  id: string;
  status: string;
  contact: { id: string; email: string; grade: string };
  timeline: { type: string; id: string; at: string; resourceId?: string; context: unknown }[];
  history: unknown[];
}

describe("GET /v1/inquiries/:id", () => {
  it("the inquiry, its contact and the contact's whole timeline, oldest first, with UTM and referrer", async () => {
    const { siteKey, apiKey } = await makeSite();
    const email = "reader@example.jp";
    const wp = await seedLead(
      siteKey,
      { email, resourceId: "whitepaper", ...from("google", "https://www.google.com/") },
      T0,
    );
    const pl = await seedLead(
      siteKey,
      { email, resourceId: "price-list", ...from("newsletter", "https://mail.example/") },
      T0 + DAY,
    );
    const asked = await seedInquiry(
      siteKey,
      { email, kind: "quote", message: "見積をください", ...from("ads", "https://ads.example/") },
      { at: T0 + 2 * DAY },
    );
    const later = await seedLead(siteKey, { email, resourceId: "case-study" }, T0 + 3 * DAY);
    const again = await seedInquiry(siteKey, { email, kind: "demo" }, { at: T0 + 4 * DAY });
    // Someone else on the same site, and the same person on another site: neither is in the timeline.
    await seedLead(siteKey, { email: "other@example.jp" }, T0);
    const otherSite = await makeSite();
    await seedLead(otherSite.siteKey, { email, resourceId: "other-site" }, T0 + HOUR);

    const { status, body } = await getJson<Detail>(apiKey, `/v1/inquiries/${asked}`);
    expect(status).toBe(200);
    expect(InquiryDetailSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ id: asked, kind: "quote", message: "見積をください", status: "new", history: [] });
    expect(body.contact).toMatchObject({ email, grade: "hot" });
    expect(body.timeline.map((e) => [e.type, e.id])).toEqual([
      ["lead", wp],
      ["lead", pl],
      ["inquiry", asked],
      ["lead", later],
      ["inquiry", again],
    ]);
    expect(body.timeline[0]).toMatchObject({
      type: "lead",
      at: new Date(T0).toISOString(),
      resourceId: "whitepaper",
      downloadCount: 1,
      context: { referrer: "https://www.google.com/", utm: { source: "google", campaign: "google-c" } },
    });
    expect(body.timeline[2]).toMatchObject({
      type: "inquiry",
      kind: "quote",
      context: { referrer: "https://ads.example/", utm: { source: "ads" } },
    });
  });

  it("404 naming the id for an unknown inquiry and for another site's", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const bInquiry = await seedInquiry(b.siteKey);
    for (const id of [bInquiry, crypto.randomUUID(), "not-an-id"]) {
      const { status, body } = await getJson<ErrorBody>(a.apiKey, `/v1/inquiries/${id}`);
      expect(status).toBe(404);
      expect(body.error).toMatchObject({ code: "not_found", fields: { id: "no inquiry with this id on this site" } });
    }
    expect((await getJson(b.apiKey, `/v1/inquiries/${bInquiry}`)).status).toBe(200);
  });
});
