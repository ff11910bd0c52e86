import { describe, expect, it } from "vitest";
import {
  bucketsBetween,
  formatLocalDate,
  formatZoned,
  localDateAt,
  mondayOf,
  offsetAt,
  startOfLocalDay,
} from "../../worker/lib/zoned-time.ts";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("zoned time (Intl)", () => {
  it("puts 23:59:59 and 00:00 JST on different local days", () => {
    expect(formatLocalDate(localDateAt("Asia/Tokyo", at("2026-11-01T23:59:59.999+09:00")))).toBe("2026-11-01");
    expect(formatLocalDate(localDateAt("Asia/Tokyo", at("2026-11-02T00:00:00+09:00")))).toBe("2026-11-02");
    expect(startOfLocalDay("Asia/Tokyo", { year: 2026, month: 11, day: 2 })).toBe(at("2026-11-01T15:00:00Z"));
  });

  it("knows the offset on each side of a daylight-saving change", () => {
    expect(offsetAt("America/New_York", at("2026-11-01T05:59:59Z"))).toBe(-4 * HOUR);
    expect(offsetAt("America/New_York", at("2026-11-01T06:00:00Z"))).toBe(-5 * HOUR);
    expect(offsetAt("Asia/Tokyo", at("2026-07-01T00:00:00Z"))).toBe(9 * HOUR);
  });

  it("makes the fall-back day 25 h and the spring-forward day 23 h long in New York", () => {
    const [fallBack] = bucketsBetween(
      "America/New_York",
      "day",
      at("2026-11-01T12:00:00Z"),
      at("2026-11-01T12:00:00Z"),
    );
    expect(fallBack!.start).toBe(at("2026-11-01T00:00:00-04:00"));
    expect(fallBack!.end).toBe(at("2026-11-02T00:00:00-05:00"));
    expect(fallBack!.end - fallBack!.start).toBe(25 * HOUR);
    const [spring] = bucketsBetween("America/New_York", "day", at("2026-03-08T12:00:00Z"), at("2026-03-08T12:00:00Z"));
    expect(spring!.end - spring!.start).toBe(23 * HOUR);
  });

  it("starts a day whose midnight is skipped at the first instant it has (America/Santiago)", () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfLocalDay("America/Santiago", { year: 2026, month: 9, day: 6 });
    expect(formatZoned("America/Santiago", start)).toBe("2026-09-06T01:00:00-03:00");
    expect(formatLocalDate(localDateAt("America/Santiago", start - 1000))).toBe("2026-09-05");
  });

  it("starts a day whose midnight happens twice at the first one (America/Havana)", () => {
    // Cuba moves its clocks back from 01:00 to 00:00 on the first Sunday of November.
    const start = startOfLocalDay("America/Havana", { year: 2026, month: 11, day: 1 });
    expect(start).toBe(at("2026-11-01T00:00:00-04:00"));
    expect(formatLocalDate(localDateAt("America/Havana", start - 1000))).toBe("2026-10-31");
  });

  it("aligns weeks to Monday and keeps buckets contiguous", () => {
    expect(formatLocalDate(mondayOf({ year: 2026, month: 11, day: 29 }))).toBe("2026-11-23"); // a Sunday
    expect(formatLocalDate(mondayOf({ year: 2026, month: 11, day: 30 }))).toBe("2026-11-30"); // a Monday
    const weeks = bucketsBetween(
      "Asia/Tokyo",
      "week",
      at("2026-11-29T23:59:59+09:00"),
      at("2026-11-30T00:00:00+09:00"),
    );
    expect(weeks.map((w) => formatLocalDate(w.date))).toEqual(["2026-11-23", "2026-11-30"]);
    expect(weeks[0]!.end).toBe(weeks[1]!.start);
    expect(weeks[1]!.start).toBe(at("2026-11-30T00:00:00+09:00"));
  });

  it("gives 90 contiguous local days for a 90-day range", () => {
    const days = bucketsBetween("Asia/Tokyo", "day", at("2026-09-01T00:00:00+09:00"), at("2026-11-29T23:00:00+09:00"));
    expect(days).toHaveLength(90);
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toBe(days[i - 1]!.end);
  });

  it("formats instants with the zone's offset", () => {
    expect(formatZoned("Asia/Tokyo", at("2026-11-01T15:00:00Z"))).toBe("2026-11-02T00:00:00+09:00");
    expect(formatZoned("America/New_York", at("2026-11-02T05:00:00Z"))).toBe("2026-11-02T00:00:00-05:00");
    expect(formatZoned("Asia/Kolkata", at("2026-11-01T18:30:00Z"))).toBe("2026-11-02T00:00:00+05:30");
  });
});
