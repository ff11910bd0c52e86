import holidayJp from "@holiday-jp/holiday_jp";
import { describe, expect, it } from "vitest";
import { businessMinutesBetween, isBusinessDay } from "../../worker/notify/business-hours.ts";
import { japaneseHoliday, japaneseHolidays } from "../../worker/notify/japanese-holidays.ts";

/** The Cabinet Office's published lists (内閣府「国民の祝日について」), as "MM-DD name". */
const PUBLISHED: Record<number, string[]> = {
  2024: [
    "01-01 元日",
    "01-08 成人の日",
    "02-11 建国記念の日",
    "02-12 振替休日",
    "02-23 天皇誕生日",
    "03-20 春分の日",
    "04-29 昭和の日",
    "05-03 憲法記念日",
    "05-04 みどりの日",
    "05-05 こどもの日",
    "05-06 振替休日",
    "07-15 海の日",
    "08-11 山の日",
    "08-12 振替休日",
    "09-16 敬老の日",
    "09-22 秋分の日",
    "09-23 振替休日",
    "10-14 スポーツの日",
    "11-03 文化の日",
    "11-04 振替休日",
    "11-23 勤労感謝の日",
  ],
  2025: [
    "01-01 元日",
    "01-13 成人の日",
    "02-11 建国記念の日",
    "02-23 天皇誕生日",
    "02-24 振替休日",
    "03-20 春分の日",
    "04-29 昭和の日",
    "05-03 憲法記念日",
    "05-04 みどりの日",
    "05-05 こどもの日",
    "05-06 振替休日",
    "07-21 海の日",
    "08-11 山の日",
    "09-15 敬老の日",
    "09-23 秋分の日",
    "10-13 スポーツの日",
    "11-03 文化の日",
    "11-23 勤労感謝の日",
    "11-24 振替休日",
  ],
  2026: [
    "01-01 元日",
    "01-12 成人の日",
    "02-11 建国記念の日",
    "02-23 天皇誕生日",
    "03-20 春分の日",
    "04-29 昭和の日",
    "05-03 憲法記念日",
    "05-04 みどりの日",
    "05-05 こどもの日",
    "05-06 振替休日",
    "07-20 海の日",
    "08-11 山の日",
    "09-21 敬老の日",
    "09-22 国民の休日",
    "09-23 秋分の日",
    "10-12 スポーツの日",
    "11-03 文化の日",
    "11-23 勤労感謝の日",
  ],
};

const list = (year: number) =>
  [...japaneseHolidays(year)].sort(([a], [b]) => a.localeCompare(b)).map(([day, name]) => `${day} ${name}`);

describe("Japanese public holidays (computed)", () => {
  for (const [year, days] of Object.entries(PUBLISHED)) {
    it(`match the published list for ${year}, substitute and citizens' holidays included`, () => {
      expect(list(Number(year))).toEqual(days);
    });
  }

  it("agree day by day with @holiday-jp/holiday_jp (a maintained list) from 2022, the law as modelled, through its last year", () => {
    const listed = Object.values(holidayJp.holidays);
    const lastYear = Math.max(...listed.map((h) => Number(h.date.slice(0, 4))));
    expect(lastYear).toBeGreaterThanOrEqual(2050);
    for (let year = 2022; year <= lastYear; year++) {
      const theirs = listed.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date.slice(5));
      expect([...japaneseHolidays(year).keys()].sort(), String(year)).toEqual(theirs.sort());
    }
  });

  it("put the equinox days where the observatory does (2020–2030)", () => {
    const published: [number, string, string][] = [
      [2020, "03-20", "09-22"],
      [2021, "03-20", "09-23"],
      [2022, "03-21", "09-23"],
      [2023, "03-21", "09-23"],
      [2027, "03-21", "09-23"],
      [2028, "03-20", "09-22"],
      [2029, "03-20", "09-23"],
      [2030, "03-20", "09-23"],
    ];
    for (const [year, spring, autumn] of published) {
      expect(japaneseHolidays(year).get(spring), `${year} ${spring}`).toBe("春分の日");
      expect(japaneseHolidays(year).get(autumn), `${year} ${autumn}`).toBe("秋分の日");
    }
  });

  it("find the next citizens' holiday in September (2032) and a substitute after a Sunday holiday", () => {
    expect(japaneseHoliday({ year: 2032, month: 9, day: 21 })).toBe("国民の休日");
    expect(japaneseHoliday({ year: 2027, month: 3, day: 22 })).toBe("振替休日"); // 春分 on Sunday 2027-03-21
    expect(japaneseHoliday({ year: 2026, month: 11, day: 24 })).toBeNull();
  });
});

describe("business hours skip Japanese holidays for sites in Asia/Tokyo", () => {
  const jst = (local: string) => Date.parse(`${local}+09:00`);

  it("a holiday is not a business day in Tokyo; the same date elsewhere is", () => {
    expect(isBusinessDay("Asia/Tokyo", { year: 2026, month: 11, day: 23 })).toBe(false); // 勤労感謝の日, Monday
    expect(isBusinessDay("Asia/Tokyo", { year: 2026, month: 11, day: 24 })).toBe(true);
    expect(isBusinessDay("Europe/Berlin", { year: 2026, month: 11, day: 23 })).toBe(true);
  });

  it("an inquiry on Friday before Golden Week waits until Thursday 7 May 2026", () => {
    // Fri 1 May 17:00 → Thu 7 May 10:00: 1 h on Friday, then Sat–Wed off (3–6 May are holidays), 1 h Thursday.
    expect(businessMinutesBetween("Asia/Tokyo", jst("2026-05-01T17:00:00"), jst("2026-05-07T10:00:00"))).toBe(120);
    // Across Silver Week: Fri 18 Sep 17:00 → Thu 24 Sep 10:00 (21, 22, 23 September off).
    expect(businessMinutesBetween("Asia/Tokyo", jst("2026-09-18T17:00:00"), jst("2026-09-24T10:00:00"))).toBe(120);
  });
});
