import { describe, expect, it } from "vitest";
import { makeSite } from "./helpers.ts";
import { at, seedContact, seedInquiry, seedLead, stats } from "./stats-seed.ts";

const DAY = 86_400_000;
const MINUTE = 60_000;

describe("GET /v1/stats KPIs over the range", () => {
  it("counts inquiries by kind and leaves spam out", async () => {
    const { siteId, apiKey } = await makeSite();
    const c = await seedContact(siteId, "k@example.jp", at("2026-04-01T09:00:00+09:00"));
    const t = at("2026-04-01T10:00:00+09:00");
    await seedInquiry(siteId, c, t, { kind: "demo" });
    await seedInquiry(siteId, c, t, { kind: "quote" });
    await seedInquiry(siteId, c, t, { kind: "quote", status: "won" });
    await seedInquiry(siteId, c, t, { kind: "contact" });
    await seedInquiry(siteId, c, t, { kind: "contact", status: "spam" });
    const s = await stats(apiKey, "from=2026-04-01&to=2026-04-01");
    expect(s.buckets[0]!.inquiries).toEqual({ demo: 1, quote: 2, contact: 1, total: 4 });
  });

  it("converts contacts whose first lead is in the range and who asked within 30 days", async () => {
    const { siteId, apiKey } = await makeSite();
    const start = at("2026-03-01T00:00:00+09:00");
    // 2 days, 4 days: converted. 31 days: too late. No inquiry: not converted.
    const fast = await seedContact(siteId, "fast@example.jp", start);
    await seedLead(siteId, fast, start + DAY);
    await seedInquiry(siteId, fast, start + 3 * DAY);
    await seedInquiry(siteId, fast, start + 5 * DAY); // only the first inquiry counts
    const slower = await seedContact(siteId, "slower@example.jp", start);
    await seedLead(siteId, slower, start + 2 * DAY);
    await seedInquiry(siteId, slower, start + 6 * DAY);
    const late = await seedContact(siteId, "late@example.jp", start);
    await seedLead(siteId, late, start + 2 * DAY);
    await seedInquiry(siteId, late, start + 33 * DAY);
    const never = await seedContact(siteId, "never@example.jp", start);
    await seedLead(siteId, never, start + 3 * DAY);
    // First lead before the range: not in the denominator, even with a lead and inquiry inside it.
    const old = await seedContact(siteId, "old@example.jp", start - 10 * DAY);
    await seedLead(siteId, old, start - 10 * DAY);
    await seedLead(siteId, old, start + DAY);
    await seedInquiry(siteId, old, start + 2 * DAY);
    // Inquiry before the first lead, none after: not a conversion.
    const before = await seedContact(siteId, "before@example.jp", start);
    await seedInquiry(siteId, before, start + DAY);
    await seedLead(siteId, before, start + 2 * DAY);
    // A spam inquiry is no conversion.
    const spam = await seedContact(siteId, "spam@example.jp", start);
    await seedLead(siteId, spam, start + DAY);
    await seedInquiry(siteId, spam, start + 2 * DAY, { status: "spam" });

    const s = await stats(apiKey, "from=2026-03-01&to=2026-03-10");
    expect(s.conversion).toEqual({ contacts: 6, converted: 2, rate: 0.333, medianDays: 3 });
  });

  it("gives the median and p90 time to first response, and the inquiries still new after 24 h", async () => {
    const { siteId, apiKey } = await makeSite();
    const c = await seedContact(siteId, "r@example.jp", at("2026-02-01T00:00:00+09:00"));
    const t = at("2026-02-02T09:00:00+09:00");
    // Responses after 10, 20, …, 100 minutes.
    for (let i = 1; i <= 10; i++) {
      await seedInquiry(siteId, c, t, { status: "contacted", respondedAt: t + i * 10 * MINUTE });
    }
    await seedInquiry(siteId, c, t, { status: "spam", respondedAt: t + 1000 * MINUTE }); // not a response
    await seedInquiry(siteId, c, t); // new, long ago: unanswered
    await seedInquiry(siteId, c, t, { kind: "quote" }); // unanswered too
    const s = await stats(apiKey, "from=2026-02-01&to=2026-02-28");
    expect(s.firstResponse).toEqual({ responded: 10, medianMinutes: 55, p90Minutes: 90 });
    expect(s.unansweredAfter24h).toBe(2);
  });

  it("does not count an inquiry as unanswered before it has waited 24 h", async () => {
    const { siteId, apiKey } = await makeSite();
    const now = Date.now();
    const c = await seedContact(siteId, "n@example.jp", now - 2 * DAY);
    await seedInquiry(siteId, c, now - 25 * 60 * MINUTE); // 25 h
    await seedInquiry(siteId, c, now - 23 * 60 * MINUTE); // 23 h
    await seedInquiry(siteId, c, now - 30 * 60 * MINUTE, { status: "contacted", respondedAt: now - DAY });
    const s = await stats(apiKey, "");
    expect(s.unansweredAfter24h).toBe(1);
  });

  it("ranks resources and campaigns by the inquiries they led to", async () => {
    const { siteId, apiKey } = await makeSite();
    const t = at("2026-01-10T12:00:00+09:00");
    const people = await Promise.all(
      ["p1", "p2", "p3", "p4"].map((p) => seedContact(siteId, `${p}@example.jp`, t - 5 * DAY)),
    );
    const [p1, p2, p3, p4] = people as [string, string, string, string];
    await seedLead(siteId, p1, t - 3 * DAY, { resourceId: "case-study", campaign: "winter" });
    await seedLead(siteId, p1, t - 2 * DAY, { resourceId: "price-list" });
    await seedInquiry(siteId, p1, t);
    await seedLead(siteId, p2, t - DAY, { resourceId: "price-list", campaign: "winter" });
    await seedInquiry(siteId, p2, t, { campaign: "ads" });
    await seedLead(siteId, p3, t - DAY, { resourceId: "price-list" });
    await seedInquiry(siteId, p3, t);
    await seedLead(siteId, p3, t + DAY, { resourceId: "whitepaper", campaign: "later" }); // after asking: no credit
    await seedLead(siteId, p4, t - DAY, { resourceId: "whitepaper" }); // never asked
    const s = await stats(apiKey, "from=2026-01-01&to=2026-01-31");
    expect(s.topResources).toEqual([
      { resourceId: "price-list", inquiries: 3 },
      { resourceId: "case-study", inquiries: 1 },
    ]);
    expect(s.topCampaigns).toEqual([
      { campaign: "winter", inquiries: 2 },
      { campaign: "ads", inquiries: 1 },
    ]);
  });
});
