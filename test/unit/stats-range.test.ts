import { describe, expect, it } from "vitest";
import { median, percentile, resolveRange } from "../../worker/lib/stats-range.ts";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-11-26T10:00:00+09:00");

describe("stats range", () => {
  it("takes a date `from` as that local day's start and a date `to` as through its end", () => {
    const r = resolveRange({ from: "2026-11-01", to: "2026-11-30", interval: "day" }, "Asia/Tokyo", NOW);
    if (!r.ok) throw new Error(r.reason);
    expect(r.buckets).toHaveLength(30);
    expect(r.buckets[0]!.start).toBe(at("2026-11-01T00:00:00+09:00"));
    expect(r.buckets[29]!.end).toBe(at("2026-12-01T00:00:00+09:00"));
  });

  it("widens instants to whole buckets", () => {
    const r = resolveRange(
      { from: "2026-11-03T12:00:00+09:00", to: "2026-11-04T00:00:00+09:00", interval: "week" },
      "Asia/Tokyo",
      NOW,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.buckets).toHaveLength(1);
    expect(r.buckets[0]!.start).toBe(at("2026-11-02T00:00:00+09:00"));
    expect(r.buckets[0]!.end).toBe(at("2026-11-09T00:00:00+09:00"));
  });

  it("defaults to the 30 local days up to now, or 12 weeks", () => {
    const days = resolveRange({ interval: "day" }, "Asia/Tokyo", NOW);
    const weeks = resolveRange({ interval: "week" }, "Asia/Tokyo", NOW);
    if (!days.ok || !weeks.ok) throw new Error("range refused");
    expect(days.buckets).toHaveLength(30);
    expect(days.buckets[29]!.start).toBe(at("2026-11-26T00:00:00+09:00"));
    expect(weeks.buckets).toHaveLength(12);
    expect(weeks.buckets[11]!.start).toBe(at("2026-11-23T00:00:00+09:00"));
  });

  it("refuses an empty or reversed range, naming `to`", () => {
    expect(resolveRange({ from: "2026-11-02", to: "2026-11-01", interval: "day" }, "Asia/Tokyo", NOW)).toEqual({
      ok: false,
      field: "to",
      reason: "must be after from",
    });
  });

  it("caps a range at 366 days by day and 735 days by week", () => {
    expect(resolveRange({ from: "2025-11-26", to: "2026-11-26", interval: "day" }, "Asia/Tokyo", NOW).ok).toBe(true);
    const tooLong = resolveRange({ from: "2025-11-01", to: "2026-11-26", interval: "day" }, "Asia/Tokyo", NOW);
    expect(tooLong).toMatchObject({
      ok: false,
      field: "to",
      reason: "must be at most 366 days after from with interval=day",
    });
    expect(resolveRange({ from: "2025-01-01", to: "2026-11-26", interval: "week" }, "Asia/Tokyo", NOW).ok).toBe(true);
  });

  it("computes the median and the nearest-rank p90", () => {
    expect(median([])).toBeNull();
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(percentile([], 90)).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
  });
});
