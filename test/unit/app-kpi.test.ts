import { describe, expect, it } from "vitest";
import { chartGeometry, HEIGHT, niceMax } from "../../app/views/kpi/chart-geometry.ts";
import { comparedFunnels, funnels } from "../../app/views/kpi/form-funnel.ts";
import { formatBucket, formatChange, formatMinutes, formatRate } from "../../app/views/kpi/format.ts";
import { addDays, comparedRanges, localDate, mondayOf, percentChange } from "../../app/views/kpi/period.ts";
import { type FormPageStats, zeroFormFigures } from "../../shared/form-analytics.ts";

describe("KPI ranges", () => {
  it("takes today's date in the site's zone, not the browser's", () => {
    const at = Date.parse("2026-12-06T16:30:00Z"); // Monday 01:30 in Tokyo, still Sunday in Berlin
    expect(localDate("Asia/Tokyo", at)).toBe("2026-12-07");
    expect(localDate("Europe/Berlin", at)).toBe("2026-12-06");
  });

  it("moves dates across month and year ends, and finds Mondays", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
  });

  it("by day: the last N days and the N days before them", () => {
    expect(comparedRanges(30, "day", "2026-12-06")).toEqual({
      current: { from: "2026-11-07", to: "2026-12-06" },
      previous: { from: "2026-10-08", to: "2026-11-06" },
    });
    expect(comparedRanges(7, "day", "2026-12-06").previous).toEqual({ from: "2026-11-23", to: "2026-11-29" });
  });

  it("by week: whole Monday weeks ending with this week, and as many weeks before", () => {
    // 30 days → 5 weeks; 2026-12-06 is a Sunday of the week from 11-30.
    expect(comparedRanges(30, "week", "2026-12-06")).toEqual({
      current: { from: "2026-11-02", to: "2026-12-06" },
      previous: { from: "2026-09-28", to: "2026-11-01" },
    });
    expect(comparedRanges(7, "week", "2026-12-02").current.from).toBe("2026-11-30");
    expect(mondayOf(comparedRanges(90, "week", "2026-12-06").previous.from)).toBe(
      comparedRanges(90, "week", "2026-12-06").previous.from,
    );
  });

  it("percent change rounds, and has none against zero", () => {
    expect(percentChange(412, 380)).toBe(8);
    expect(percentChange(37, 41)).toBe(-10);
    expect(percentChange(5, 0)).toBeNull();
    expect(formatChange(8)).toBe("+8%");
    expect(formatChange(-10)).toBe("−10%");
    expect(formatChange(null)).toBe("—");
  });
});

describe("KPI figures as written", () => {
  it("durations in minutes, hours or days, ja and en", () => {
    expect(formatMinutes(42, "ja")).toBe("42分");
    expect(formatMinutes(600, "ja")).toBe("10時間");
    expect(formatMinutes(90, "en")).toBe("1.5 h");
    expect(formatMinutes(60 * 24 * 3.5, "ja")).toBe("3.5日");
    expect(formatMinutes(null, "en")).toBe("—");
  });

  it("rates as percent with one decimal", () => {
    expect(formatRate(0.061)).toBe("6.1%");
    expect(formatRate(null)).toBe("—");
  });

  it("bucket dates the Japanese way (12/6(日)) and weeks by their Monday", () => {
    expect(formatBucket("2026-12-06", "day", "ja")).toBe("12/6(日)");
    expect(formatBucket("2026-12-06", "day", "en")).toBe("Sun 12/6");
    expect(formatBucket("2026-11-30", "week", "ja")).toBe("11/30週");
  });
});

describe("chart geometry", () => {
  it("tops the scale at 1, 2 or 5 × 10ⁿ", () => {
    expect([0, 1, 3, 7, 10, 11, 180, 412].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 500]);
  });

  it("stacks parts bottom up and draws both periods on one scale", () => {
    const g = chartGeometry(
      [
        [2, 3],
        [0, 10],
      ],
      [5, 20],
    );
    expect(g.max).toBe(20);
    expect(g.width).toBe(20);
    // Bucket 0: part 0 (2) at the bottom, part 1 (3) above it; bucket 1 has only part 1.
    expect(g.rects.map((r) => [r.part, r.y, r.height])).toEqual([
      [0, HEIGHT - 10, 10],
      [1, HEIGHT - 25, 15],
      [1, HEIGHT - 50, 50],
    ]);
    expect(g.points).toBe(`5,${HEIGHT - 25} 15,0`);
  });

  it("a single previous bucket still draws a line across its slot", () => {
    expect(chartGeometry([[1]], [2]).points).toBe("1,0 9,0");
  });
});

/** A /v1/forms/stats row of one form on one page (the fields the funnel reads). */
function row(form: string, page: string | null, counts: Partial<FormPageStats>): FormPageStats {
  return {
    ...zeroFormFigures(form),
    page,
    buckets: [],
    ...counts,
  };
}

describe("KPI forms panel: a funnel per form", () => {
  it("adds a form's pages up, with rates of the sums and the fields merged, most first", () => {
    const [demo] = funnels([
      row("inquiry:demo", "https://a.example/", {
        views: 10,
        starts: 4,
        submissions: 1,
        abandonFields: [{ field: "company", count: 2 }],
        errorFields: [{ field: "email", count: 1 }],
      }),
      row("inquiry:demo", "https://a.example/pricing", {
        views: 6,
        starts: 4,
        submissions: 3,
        abandonFields: [
          { field: "message", count: 1 },
          { field: "company", count: 1 },
        ],
        errorFields: [{ field: "email", count: 2 }],
      }),
    ]).values();
    expect(demo).toMatchObject({ form: "inquiry:demo", kind: "inquiry", subject: "demo", pages: 2, views: 16 });
    expect(demo!.viewToStart).toBe(0.5);
    expect(demo!.startToSubmission).toBe(0.5);
    expect(demo!.abandonFields).toEqual([
      { field: "company", count: 3 },
      { field: "message", count: 1 },
    ]);
    expect(demo!.errorFields).toEqual([{ field: "email", count: 3 }]);
  });

  it("adds the form's other pages' row in, without counting it as a page", () => {
    const [demo] = funnels([
      row("inquiry:demo", "https://a.example/", { views: 10, starts: 4, submissions: 1 }),
      row("inquiry:demo", null, { views: 30, starts: 4, submissions: 3 }),
    ]).values();
    expect(demo).toMatchObject({ pages: 1, otherPages: true, views: 40, starts: 8, submissions: 4, viewToStart: 0.2 });
    const [alone] = funnels([row("inquiry:quote", "https://a.example/", { views: 1 })]).values();
    expect(alone).toMatchObject({ pages: 1, otherPages: false });
  });

  it("no views or no starts: the rate is unknown, not zero", () => {
    const [f] = funnels([row("lead:price-list", "https://a.example/", { submissions: 2 })]).values();
    expect(f).toMatchObject({ kind: "lead", subject: "price-list", viewToStart: null, startToSubmission: null });
  });

  it("pairs each form with its previous period, most viewed first; a form seen only before comes last", () => {
    const list = comparedFunnels(
      [
        row("inquiry:quote", "https://a.example/", { views: 3 }),
        row("inquiry:demo", "https://a.example/", { views: 9 }),
      ],
      [
        row("inquiry:demo", "https://a.example/", { views: 5, starts: 1 }),
        row("lead:old-guide", "https://a.example/", { views: 2 }),
      ],
    );
    expect(list.map((f) => [f.current.form, f.current.views, f.previous.views])).toEqual([
      ["inquiry:demo", 9, 5],
      ["inquiry:quote", 3, 0],
      ["lead:old-guide", 0, 2],
    ]);
    expect(list[0]!.previous.viewToStart).toBe(0.2);
  });
});
