import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, context, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { at, getStats, seedContact, seedInquiry, seedLead, stats } from "./stats-seed.ts";

describe("GET /v1/stats buckets", () => {
  it("splits 23:59:59.999 and 00:00 JST into two days (the site's default zone, Asia/Tokyo)", async () => {
    const { siteId, apiKey } = await makeSite();
    const a = await seedContact(siteId, "a@example.jp", at("2026-11-01T23:59:59.999+09:00"));
    const b = await seedContact(siteId, "b@example.jp", at("2026-11-02T00:00:00+09:00"));
    await seedLead(siteId, a, at("2026-11-01T23:59:59.999+09:00"));
    await seedLead(siteId, b, at("2026-11-02T00:00:00+09:00"));
    await seedLead(siteId, b, at("2026-11-02T23:59:59.999+09:00"), { resourceId: "price-list" });
    await seedInquiry(siteId, a, at("2026-11-01T23:59:59.999+09:00"), { kind: "quote" });
    await seedInquiry(siteId, b, at("2026-11-02T00:00:00+09:00"), { kind: "demo" });

    const s = await stats(apiKey, "from=2026-11-01&to=2026-11-02");
    expect(s.tz).toBe("Asia/Tokyo");
    expect(s.from).toBe("2026-11-01T00:00:00+09:00");
    expect(s.to).toBe("2026-11-03T00:00:00+09:00");
    expect(s.buckets.map((x) => [x.date, x.leads, x.contacts, x.inquiries.quote, x.inquiries.demo])).toEqual([
      ["2026-11-01", 1, 1, 1, 0],
      ["2026-11-02", 2, 1, 0, 1],
    ]);
    expect(s.buckets[1]).toMatchObject({ start: "2026-11-02T00:00:00+09:00", end: "2026-11-03T00:00:00+09:00" });
    expect(s.totals).toMatchObject({ leads: 3, contacts: 2, inquiries: { total: 2 } });
  });

  it("starts weeks on Monday 00:00 local time", async () => {
    const { siteId, apiKey } = await makeSite();
    const c = await seedContact(siteId, "w@example.jp", at("2026-11-01T00:00:00+09:00"));
    await seedLead(siteId, c, at("2026-11-29T23:59:59.999+09:00")); // Sunday
    await seedLead(siteId, c, at("2026-11-30T00:00:00+09:00")); // Monday
    await seedLead(siteId, c, at("2026-11-23T00:00:00+09:00")); // the Monday before

    const s = await stats(apiKey, "from=2026-11-25&to=2026-12-01&interval=week");
    expect(s.buckets.map((b) => [b.date, b.start, b.leads])).toEqual([
      ["2026-11-23", "2026-11-23T00:00:00+09:00", 2],
      ["2026-11-30", "2026-11-30T00:00:00+09:00", 1],
    ]);
    expect(s.from).toBe("2026-11-23T00:00:00+09:00");
    expect(s.to).toBe("2026-12-07T00:00:00+09:00");
  });

  it("follows America/New_York across the end of daylight saving time (a 25 h day)", async () => {
    const { siteId, apiKey } = await makeSite();
    const c = await seedContact(siteId, "ny@example.com", at("2026-10-01T00:00:00Z"));
    await seedLead(siteId, c, at("2026-10-31T23:59:59-04:00")); // Oct 31
    await seedLead(siteId, c, at("2026-11-01T00:00:00-04:00")); // Nov 1, first hour (EDT)
    await seedLead(siteId, c, at("2026-11-01T01:30:00-05:00")); // Nov 1, the repeated hour (EST)
    await seedLead(siteId, c, at("2026-11-01T23:59:59-05:00")); // Nov 1, last second: 04:59:59Z on Nov 2
    await seedLead(siteId, c, at("2026-11-02T00:00:00-05:00")); // Nov 2

    const s = await stats(apiKey, "from=2026-10-31&to=2026-11-02&tz=America/New_York");
    expect(s.tz).toBe("America/New_York");
    expect(s.buckets.map((b) => [b.date, b.start, b.end, b.leads])).toEqual([
      ["2026-10-31", "2026-10-31T00:00:00-04:00", "2026-11-01T00:00:00-04:00", 1],
      ["2026-11-01", "2026-11-01T00:00:00-04:00", "2026-11-02T00:00:00-05:00", 3],
      ["2026-11-02", "2026-11-02T00:00:00-05:00", "2026-11-03T00:00:00-05:00", 1],
    ]);
    // The same instants in Tokyo fall on other days: the zone decides.
    const tokyo = await stats(apiKey, "from=2026-11-01&to=2026-11-02&tz=Asia/Tokyo");
    expect(tokyo.buckets.map((b) => b.leads)).toEqual([3, 2]);
  });

  it("uses the site's own time zone when the query names none", async () => {
    const { siteId, apiKey } = await makeSite();
    await env.DB.prepare("UPDATE sites SET time_zone = 'America/New_York' WHERE id = ?").bind(siteId).run();
    const s = await stats(apiKey, "from=2026-11-01&to=2026-11-01");
    expect(s.tz).toBe("America/New_York");
    expect(s.from).toBe("2026-11-01T00:00:00-04:00");
  });

  it("answers empty buckets with zeros, one per day", async () => {
    const { siteId, apiKey } = await makeSite();
    const c = await seedContact(siteId, "e@example.jp", at("2026-06-10T12:00:00+09:00"));
    await seedLead(siteId, c, at("2026-06-10T12:00:00+09:00"));
    const s = await stats(apiKey, "from=2026-06-08&to=2026-06-12");
    expect(s.buckets.map((b) => b.date)).toEqual([
      "2026-06-08",
      "2026-06-09",
      "2026-06-10",
      "2026-06-11",
      "2026-06-12",
    ]);
    expect(s.buckets.map((b) => b.leads)).toEqual([0, 0, 1, 0, 0]);
    expect(s.buckets[0]).toEqual({
      date: "2026-06-08",
      start: "2026-06-08T00:00:00+09:00",
      end: "2026-06-09T00:00:00+09:00",
      leads: 0,
      verifiedLeads: 0,
      contacts: 0,
      inquiries: { demo: 0, quote: 0, contact: 0, total: 0 },
      views: 0,
    });
    const none = await stats(apiKey, "from=2026-01-05&to=2026-01-18&interval=week");
    expect(none.buckets).toHaveLength(2);
    expect(none.conversion).toEqual({ contacts: 0, converted: 0, rate: null, medianDays: null });
    expect(none.firstResponse).toEqual({ responded: 0, medianMinutes: null, p90Minutes: null });
  });

  it("counts what the collect endpoints stored today, including the contact's first lead", async () => {
    const { siteKey, apiKey } = await makeSite();
    // An inquiry first (no lead before it yet), then a download, then a second inquiry.
    const first = inquiryBody({ email: "today@example.jp", message: "first", context: { ...context, utm: {} } });
    expect((await collect("inquiry", siteKey, first)).status).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ email: "today@example.jp" }))).status).toBe(201);
    const second = inquiryBody({ email: "today@example.jp", context: { ...context, utm: { campaign: "spring" } } });
    expect((await collect("inquiry", siteKey, second)).status).toBe(201);
    const s = await stats(apiKey, "");
    expect(s.buckets).toHaveLength(30);
    expect(s.buckets[29]).toMatchObject({ leads: 1, contacts: 1, inquiries: { demo: 2, total: 2 } });
    expect(s.conversion).toMatchObject({ contacts: 1, converted: 1, rate: 1, medianDays: 0 });
    // The inquiry was stamped with what came before it: the download and both campaigns.
    expect(s.topResources).toEqual([{ resourceId: "whitepaper-2026", inquiries: 1 }]);
    expect(s.topCampaigns).toEqual([
      { campaign: "autumn", inquiries: 1 },
      { campaign: "spring", inquiries: 1 },
    ]);
  });
});

describe("GET /v1/stats tenant isolation", () => {
  it("never counts another site's rows", async () => {
    const a = await makeSite();
    const b = await makeSite();
    const t = at("2026-05-12T10:00:00+09:00");
    for (const site of [a, b]) {
      const c = await seedContact(site.siteId, "same@example.jp", t);
      await seedLead(site.siteId, c, t, { resourceId: `res-${site.siteId}`, campaign: `camp-${site.siteId}` });
      await seedInquiry(site.siteId, c, t + 3_600_000, { status: "contacted", respondedAt: t + 7_200_000 });
      await seedInquiry(site.siteId, c, t + 3_600_000, { kind: "quote" });
    }
    const extra = await seedContact(b.siteId, "only-b@example.jp", t);
    await seedLead(b.siteId, extra, t);

    const s = await stats(a.apiKey, "from=2026-05-12&to=2026-05-12");
    expect(s.totals).toMatchObject({ leads: 1, contacts: 1, inquiries: { total: 2 } });
    expect(s.conversion).toMatchObject({ contacts: 1, converted: 1 });
    expect(s.firstResponse.responded).toBe(1);
    expect(s.unansweredAfter24h).toBe(1);
    expect(s.topResources).toEqual([{ resourceId: `res-${a.siteId}`, inquiries: 2 }]);
    expect(s.topCampaigns).toEqual([{ campaign: `camp-${a.siteId}`, inquiries: 2 }]);
    const sb = await stats(b.apiKey, "from=2026-05-12&to=2026-05-12");
    expect(sb.totals).toMatchObject({ leads: 2, contacts: 2 });
  });
});

describe("GET /v1/stats errors", () => {
  it("needs an API key", async () => {
    const res = await getStats("hk_nope", "");
    expect(res.status).toBe(401);
  });

  const MOMENT = "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset";
  it.each([
    ["tz=Mars/Olympus", "tz", "must be an IANA time zone such as Asia/Tokyo"],
    ["interval=month", "interval", "must be one of day, week"],
    ["from=2026-02-30", "from", MOMENT],
    ["to=yesterday", "to", MOMENT],
    ["from=2026-11-01T10:00:00", "from", MOMENT], // no offset: ambiguous
  ])("answers 400 naming the field for %s", async (query, field, reason) => {
    const { apiKey } = await makeSite();
    const res = await getStats(apiKey, query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.fields).toEqual({ [field]: reason });
  });

  it("refuses a reversed range and one longer than the cap, naming `to`", async () => {
    const { apiKey } = await makeSite();
    const reversed = await getStats(apiKey, "from=2026-11-02&to=2026-11-01");
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { error: { fields: unknown } }).error.fields).toEqual({
      to: "must be after from",
    });
    const long = await getStats(apiKey, "from=2025-01-01&to=2026-06-30");
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { fields: unknown } }).error.fields).toEqual({
      to: "must be at most 366 days after from with interval=day",
    });
    expect((await getStats(apiKey, "from=2025-01-01&to=2026-06-30&interval=week")).status).toBe(200);
  });
});
