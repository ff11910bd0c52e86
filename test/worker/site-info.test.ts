import { describe, expect, it } from "vitest";
import { SiteInfoSchema } from "../../shared/site-info.ts";
import { makeSite, ORIGIN } from "./helpers.ts";
import { getJson, HOUR, seedInquiry, seedLead } from "./team-fixtures.ts";

describe("GET /v1/site", () => {
  it("names the key's site: public key, origins, zone; no submission yet → null times", async () => {
    const { siteKey, apiKey } = await makeSite();
    const { status, body } = await getJson<Record<string, unknown>>(apiKey, "/v1/site");
    expect(status).toBe(200);
    expect(SiteInfoSchema.safeParse(body).success).toBe(true);
    expect(body).toEqual({
      siteKey,
      name: "Test site",
      timeZone: "Asia/Tokyo",
      allowedOrigins: [ORIGIN],
      disabled: false,
      lastLeadAt: null,
      lastInquiryAt: null,
    });
  });

  it("when the newest lead and inquiry of this site arrived, not another site's", async () => {
    const mine = await makeSite();
    const other = await makeSite();
    const t = Date.parse("2026-11-20T10:00:00Z");
    await seedLead(mine.siteKey, { email: "a@example.jp" }, t);
    await seedLead(mine.siteKey, { email: "b@example.jp" }, t + 2 * HOUR);
    await seedInquiry(mine.siteKey, {}, { at: t + HOUR });
    await seedLead(other.siteKey, { email: "c@example.jp" }, t + 5 * HOUR);
    const { body } = await getJson<Record<string, unknown>>(mine.apiKey, "/v1/site");
    expect(body).toMatchObject({
      lastLeadAt: new Date(t + 2 * HOUR).toISOString(),
      lastInquiryAt: new Date(t + HOUR).toISOString(),
    });
  });

  it("401 without a key", async () => {
    const { status } = await getJson("", "/v1/site");
    expect(status).toBe(401);
  });
});
