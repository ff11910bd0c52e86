// GET /v1/forms/stats on a site with more form and page pairs than one answer lists (docs/analytics.md,
// "Reading it"): the database cuts to the most viewed pairs, reads only their buckets and fields, and the
// totals still add up. Counter rows are written straight into D1, as the flush would have left them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FORM_STATS_MAX_ROWS, FORM_STATS_TOP_FIELDS, type FormStatsResponse } from "../../shared/form-analytics.ts";
import { call, collect, context, inquiryBody, leadBody, makeSite, ORIGIN } from "./helpers.ts";

type Counter = { day: string; form: string; page: string; views: number; starts?: number; submits?: number };

async function addCounters(siteId: string, counters: Counter[]) {
  const insert = env.DB.prepare(
    "INSERT INTO form_stats (site_id, day, form, page, views, starts, submits) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  await env.DB.batch(
    counters.map((c) => insert.bind(siteId, c.day, c.form, c.page, c.views, c.starts ?? 0, c.submits ?? 0)),
  );
}

async function addFields(siteId: string, day: string, form: string, page: string, fields: [string, number, number][]) {
  const insert = env.DB.prepare(
    "INSERT INTO form_field_stats (site_id, day, form, page, field, errors, abandons) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  await env.DB.batch(
    fields.map(([field, errors, abandons]) => insert.bind(siteId, day, form, page, field, errors, abandons)),
  );
}

async function formStats(apiKey: string, query: string) {
  const res = await call(`/v1/forms/stats?${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as FormStatsResponse;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const page = (k: number) => `${ORIGIN}/p/${String(k).padStart(3, "0")}`;

describe("GET /v1/forms/stats: the most viewed pairs of a large site", () => {
  it("lists the most viewed pairs, a tie at the cut going to the most submissions, each series adding up to its totals", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    const range = "from=2026-03-01&to=2026-03-14&interval=day";
    // Pairs 0-97 with 200-k views each (over two days); pairs 98-104 tied at 50 views, for the
    // last two places. One more pair than the answer lists beyond those: never listed.
    const counters: Counter[] = [];
    for (let k = 0; k < FORM_STATS_MAX_ROWS + 5; k++) {
      const views = k < 98 ? 200 - k : 50;
      counters.push({
        day: "2026-03-03",
        form: "inquiry:demo",
        page: page(k),
        views: views - 10,
        starts: 4,
        submits: 2,
      });
      counters.push({ day: "2026-03-10", form: "inquiry:demo", page: page(k), views: 10, starts: 1 });
    }
    await addCounters(siteId, counters);
    // Seven fields on the first pair: its five most refused and five most often left last come.
    await addFields(siteId, "2026-03-03", "inquiry:demo", page(0), [
      ["f1", 7, 0],
      ["f2", 6, 1],
      ["f3", 5, 0],
      ["f4", 4, 2],
      ["f5", 3, 0],
      ["f6", 2, 0],
      ["f7", 1, 3],
    ]);
    // One stored inquiry from the last tied pair (it wins the tie), one lead from a page never
    // viewed (not listed: a hundred pairs were viewed).
    const inquiry = await collect(
      "inquiry",
      siteKey,
      inquiryBody({ context: { ...context, pageUrl: `${page(104)}?a=1` } }),
    );
    expect(inquiry.status).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ context: { ...context, pageUrl: page(200) } }))).status).toBe(
      201,
    );
    const at = Date.parse("2026-03-10T12:00:00+09:00");
    await env.DB.batch([
      env.DB.prepare("UPDATE inquiries SET created_at = ? WHERE site_id = ?").bind(at, siteId),
      env.DB.prepare("UPDATE leads SET first_seen_at = ? WHERE site_id = ?").bind(at, siteId),
    ]);

    const { forms: rows } = await formStats(apiKey, range);
    // The listed pairs, then the form's other pages: the five tied pairs left out.
    expect(rows).toHaveLength(FORM_STATS_MAX_ROWS + 1);
    const forms = rows.slice(0, FORM_STATS_MAX_ROWS);
    const other = rows.at(-1)!;
    expect(other).toMatchObject({
      form: "inquiry:demo",
      page: null,
      views: 250,
      starts: 25,
      submits: 10,
      submissions: 0,
    });
    expect(sum(other.buckets.map((b) => b.views))).toBe(250);
    // The lead of a form with no counters in the range is in no row: its form has no totals read.
    expect(rows.some((f) => f.form.startsWith("lead:"))).toBe(false);
    expect(forms.slice(0, 98).map((f) => [f.page, f.views])).toEqual(
      Array.from({ length: 98 }, (_, k) => [page(k), 200 - k]),
    );
    // The tie at 50 views: the pair with a submission first, then the first by page.
    expect(forms.slice(98).map((f) => [f.page, f.views, f.submissions])).toEqual([
      [page(104), 50, 1],
      [page(98), 50, 0],
    ]);
    expect(forms.some((f) => f.page === page(200))).toBe(false);
    for (const f of forms) {
      expect([sum(f.buckets.map((b) => b.views)), sum(f.buckets.map((b) => b.starts))]).toEqual([f.views, f.starts]);
      expect([sum(f.buckets.map((b) => b.submits)), sum(f.buckets.map((b) => b.submissions))]).toEqual([
        f.submits,
        f.submissions,
      ]);
      expect(f).toMatchObject({ starts: 5, submits: 2, viewToStart: Math.round((5 / f.views) * 1000) / 1000 });
    }
    expect(forms[98]?.buckets.find((b) => b.date === "2026-03-10")).toMatchObject({ views: 10, submissions: 1 });
    expect(forms[98]?.startToSubmission).toBe(0.2);
    expect(forms[0]?.errorFields.map((f) => f.field)).toEqual(
      ["f1", "f2", "f3", "f4", "f5"].slice(0, FORM_STATS_TOP_FIELDS),
    );
    expect(forms[0]?.abandonFields).toEqual([
      { field: "f7", count: 3 },
      { field: "f4", count: 2 },
      { field: "f2", count: 1 },
    ]);
  });

  it("a site with fewer viewed pairs lists stored submissions from pages never viewed, after the viewed ones", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    await addCounters(siteId, [{ day: "2026-03-03", form: "inquiry:demo", page: page(1), views: 3 }]);
    expect((await collect("lead", siteKey, leadBody({ context: { ...context, pageUrl: page(2) } }))).status).toBe(201);
    await env.DB.prepare("UPDATE leads SET first_seen_at = ? WHERE site_id = ?")
      .bind(Date.parse("2026-03-04T10:00:00+09:00"), siteId)
      .run();

    const { forms } = await formStats(apiKey, "from=2026-03-01&to=2026-03-14&interval=week");
    expect(forms.map((f) => [f.form, f.page, f.views, f.submissions, f.startToSubmission])).toEqual([
      ["inquiry:demo", page(1), 3, 0, null],
      ["lead:whitepaper-2026", page(2), 0, 1, null],
    ]);
    expect(forms[1]?.buckets.map((b) => [b.date, b.submissions])).toEqual([
      ["2026-02-23", 0],
      ["2026-03-02", 1],
      ["2026-03-09", 0],
    ]);
  });

  it("days and Monday weeks of the site's zone; with another tz, counters by date and submissions by that zone's day", async () => {
    const { siteKey, siteId, apiKey } = await makeSite(); // Asia/Tokyo
    const lead = "lead:whitepaper-2026";
    const onPage = `${ORIGIN}/products/a`; // context.pageUrl without its query string
    await addCounters(siteId, [
      { day: "2026-03-02", form: lead, page: onPage, views: 3 },
      { day: "2026-03-08", form: lead, page: onPage, views: 5 },
      { day: "2026-03-09", form: lead, page: onPage, views: 7 },
    ]);
    expect((await collect("lead", siteKey, leadBody())).status).toBe(201);
    // Monday 08:30 in Tokyo, still Sunday in UTC.
    await env.DB.prepare("UPDATE leads SET first_seen_at = ? WHERE site_id = ?")
      .bind(Date.parse("2026-03-09T08:30:00+09:00"), siteId)
      .run();

    const range = "from=2026-03-02&to=2026-03-15";
    const daily = (await formStats(apiKey, `${range}&interval=day`)).forms[0]!;
    expect(daily.buckets).toHaveLength(14);
    expect(daily.buckets.filter((b) => b.views || b.submissions).map((b) => [b.date, b.views, b.submissions])).toEqual([
      ["2026-03-02", 3, 0],
      ["2026-03-08", 5, 0],
      ["2026-03-09", 7, 1],
    ]);
    const weekly = await formStats(apiKey, `${range}&interval=week`);
    expect(weekly.forms[0]?.buckets.map((b) => [b.date, b.views, b.submissions])).toEqual([
      ["2026-03-02", 8, 0],
      ["2026-03-09", 7, 1],
    ]);
    const utc = await formStats(apiKey, `${range}&interval=week&tz=UTC`);
    expect(utc.tz).toBe("UTC");
    expect(utc.forms[0]?.buckets.map((b) => [b.date, b.views, b.submissions])).toEqual([
      ["2026-03-02", 8, 1],
      ["2026-03-09", 7, 0],
    ]);
    expect(utc.forms[0]).toMatchObject({ views: 15, submissions: 1 });
  });
});
