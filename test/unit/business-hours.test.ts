import { describe, expect, it } from "vitest";
import { businessMinutesBetween } from "../../worker/notify/business-hours.ts";

const at = (local: string, offset = "+09:00") => Date.parse(`${local}${offset}`);

describe("business minutes (Mon–Fri 09:00–18:00 local)", () => {
  it("counts inside one day and nothing at night", () => {
    expect(businessMinutesBetween("Asia/Tokyo", at("2026-11-30T10:00:00"), at("2026-11-30T12:30:00"))).toBe(150);
    expect(businessMinutesBetween("Asia/Tokyo", at("2026-11-30T18:30:00"), at("2026-12-01T08:59:00"))).toBe(0);
    expect(businessMinutesBetween("Asia/Tokyo", at("2026-11-30T17:00:00"), at("2026-12-01T10:00:00"))).toBe(120);
  });

  it("skips the weekend", () => {
    expect(businessMinutesBetween("Asia/Tokyo", at("2026-11-27T17:00:00"), at("2026-11-30T09:00:00"))).toBe(60);
    expect(businessMinutesBetween("Asia/Tokyo", at("2026-11-28T10:00:00"), at("2026-11-29T15:00:00"))).toBe(0);
  });

  it("uses the zone's local hours, across a daylight-saving change", () => {
    // New York, Monday 2026-11-02 after the change to EST (UTC−5): 09:00–18:00 local.
    expect(
      businessMinutesBetween(
        "America/New_York",
        at("2026-11-02T08:00:00", "-05:00"),
        at("2026-11-02T20:00:00", "-05:00"),
      ),
    ).toBe(540);
    // Friday 2026-10-30 was still EDT (UTC−4): the same local hours.
    expect(
      businessMinutesBetween(
        "America/New_York",
        at("2026-10-30T09:00:00", "-04:00"),
        at("2026-11-02T10:00:00", "-05:00"),
      ),
    ).toBe(540 + 60);
  });
});
