import { describe, expect, it } from "vitest";
import { formatZoned } from "../../worker/lib/zoned-time.ts";
import { localTimeIn } from "../../worker/present/export-columns.ts";

// The export's formatter remembers a zone's offset per UTC day, or per quarter-hour on a day with a
// change: it must give what asking Intl for every single time gives, daylight-saving changes and
// odd offsets included.
const exact = (zone: string, utcMs: number) => formatZoned(zone, utcMs).slice(0, 19).replace("T", " ");

describe("localTimeIn: the exports' wall-clock times", () => {
  const zones = ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"];

  it("equals the exact local time around daylight-saving changes, second by second across them", () => {
    // Minutes around 2026's changes in New York (Mar 8, Nov 1), London (Mar 29, Oct 25) and
    // Lord Howe (half-hour changes: Apr 5, Oct 4).
    const changes = [
      "2026-03-08T07:00:00Z",
      "2026-11-01T06:00:00Z",
      "2026-03-29T01:00:00Z",
      "2026-10-25T01:00:00Z",
      "2026-04-04T15:00:00Z",
      "2026-10-03T15:30:00Z",
    ].map(Date.parse);
    for (const zone of zones) {
      const localTime = localTimeIn(zone);
      for (const change of changes) {
        for (let t = change - 1_800_000; t <= change + 1_800_000; t += 7_000) {
          expect(localTime(t), `${zone} ${new Date(t).toISOString()}`).toBe(exact(zone, t));
        }
      }
    }
  });

  it("equals the exact local time over a year of scattered times, and keeps null empty", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    for (const zone of zones) {
      const localTime = localTimeIn(zone);
      for (let i = 0; i < 2000; i++) {
        const t = start + ((i * 7_919_993_311) % 31_536_000_000);
        expect(localTime(t)).toBe(exact(zone, t));
      }
      expect(localTime(null)).toBeNull();
    }
  });
});
