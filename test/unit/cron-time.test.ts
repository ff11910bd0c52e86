// `npm run hikiai -- cron digest` runs the notification cron at the latest 09:00 of a zone; and
// the URL that makes wrangler dev call scheduled() carries the cron expression and the time.
import { describe, expect, it } from "vitest";
import { lastDigestHour, scheduledUrl } from "../../scripts/cli/cron-commands.ts";

const at = (iso: string) => Date.parse(iso);

describe("lastDigestHour", () => {
  it("is today's 09:00 once it has passed, else yesterday's", () => {
    expect(lastDigestHour("Asia/Tokyo", at("2026-12-06T04:56:00Z"))).toBe(at("2026-12-06T00:00:00Z"));
    expect(lastDigestHour("Asia/Tokyo", at("2026-12-06T00:00:00Z"))).toBe(at("2026-12-06T00:00:00Z"));
    // 08:59 in Tokyo on the 6th: the 5th's 09:00.
    expect(lastDigestHour("Asia/Tokyo", at("2026-12-05T23:59:00Z"))).toBe(at("2026-12-05T00:00:00Z"));
    // Across a month's end.
    expect(lastDigestHour("Asia/Tokyo", at("2026-11-30T20:00:00Z"))).toBe(at("2026-11-30T00:00:00Z"));
  });

  it("follows the zone's offset on both sides of a daylight-saving change", () => {
    // Berlin: CEST (+02:00) until 2026-10-25 03:00, then CET (+01:00).
    expect(lastDigestHour("Europe/Berlin", at("2026-10-24T12:00:00Z"))).toBe(at("2026-10-24T07:00:00Z"));
    expect(lastDigestHour("Europe/Berlin", at("2026-10-25T12:00:00Z"))).toBe(at("2026-10-25T08:00:00Z"));
    expect(lastDigestHour("America/New_York", at("2026-07-01T12:00:00Z"))).toBe(
      at("2026-07-01T13:00:00Z") - 86_400_000,
    );
  });
});

describe("scheduledUrl", () => {
  it("asks wrangler dev's runtime for that cron at that time, as JSON", () => {
    const url = new URL(scheduledUrl("http://localhost:8787/", "*/5 * * * *", 1_765_000_000_000));
    expect(url.origin + url.pathname).toBe("http://localhost:8787/cdn-cgi/local/scheduled");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      cron: "*/5 * * * *",
      time: "1765000000000",
      format: "json",
    });
  });
});
