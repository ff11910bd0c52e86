// GET /v1/stats: the query it takes and the answer it gives (the KPIs of DOMAIN.md).
import * as z from "zod/mini";

/** True when `zone` is an IANA time zone the runtime knows (Intl is the source of truth). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date "YYYY-MM-DD" (no 2026-02-30). */
function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().startsWith(value);
}

export const isDateOnly = (value: string) => DATE.test(value);

const Moment = z.string().check(
  z.refine((v) => isCalendarDate(v) || (DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))), {
    message: "must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset",
  }),
);

export const STATS_INTERVALS = ["day", "week"] as const;

/** Range limits: a year by day, two years by week (a bucket list a chart can still show). */
/** An IANA time zone name; the 400 names the parameter and gives an example. */
export const TimeZoneSchema = z
  .string()
  .check(z.refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Tokyo" }));

export const STATS_MAX_DAYS = { day: 366, week: 7 * 105 } as const;

export const StatsQuerySchema = z.object({
  /** A date is that local day's start in `tz`; a date-time is an instant. Default: 29 days (day) or 11 weeks (week) before `to`. */
  from: z.optional(Moment),
  /** A date includes that whole local day; a date-time is exclusive. Default: now. */
  to: z.optional(Moment),
  interval: z._default(z.enum(STATS_INTERVALS), "day"),
  /** IANA zone for the day and week boundaries. Default: the site's (sites.time_zone). */
  tz: z.optional(TimeZoneSchema),
});
export type StatsQuery = z.infer<typeof StatsQuerySchema>;

const InquiryCountsSchema = z.object({
  demo: z.number(),
  quote: z.number(),
  contact: z.number(),
  total: z.number(),
});

const BucketSchema = z.object({
  /** The bucket's first local date, "YYYY-MM-DD" (a Monday for weeks). */
  date: z.string(),
  /** [start, end) with the zone's offset; 23 or 25 hours apart across a daylight-saving change. */
  start: z.string(),
  end: z.string(),
  leads: z.number(),
  /** Of those leads, the ones whose person's address is verified now (a mailed download link was opened). */
  verifiedLeads: z.number(),
  contacts: z.number(),
  inquiries: InquiryCountsSchema,
  /** Form views the widget counted on the bucket's days (docs/analytics.md). */
  views: z.number(),
});

const Ranked = <K extends string>(key: K) => z.array(z.object({ [key]: z.string(), inquiries: z.number() }));

export const StatsResponseSchema = z.object({
  tz: z.string(),
  interval: z.enum(STATS_INTERVALS),
  /** The range, widened to whole buckets. */
  from: z.string(),
  to: z.string(),
  buckets: z.array(BucketSchema),
  totals: z.object({
    leads: z.number(),
    verifiedLeads: z.number(),
    contacts: z.number(),
    inquiries: InquiryCountsSchema,
  }),
  conversion: z.object({
    /** Contacts whose first lead is in the range. */
    contacts: z.number(),
    /** Of those, the ones who made an inquiry within 30 days after that first lead. */
    converted: z.number(),
    rate: z.nullable(z.number()),
    medianDays: z.nullable(z.number()),
  }),
  firstResponse: z.object({
    /** Inquiries of the range that have had a first response. */
    responded: z.number(),
    medianMinutes: z.nullable(z.number()),
    p90Minutes: z.nullable(z.number()),
  }),
  /** Form analytics (docs/analytics.md): what the widget counted over the range, and the conversion. */
  forms: z.object({
    views: z.number(),
    starts: z.number(),
    submits: z.number(),
    /** Leads and inquiries of the range (the totals above). */
    submissions: z.number(),
    /** submissions / views; null without views. */
    rate: z.nullable(z.number()),
  }),
  /** Inquiries of the range still `new` 24 hours or more after they arrived. */
  unansweredAfter24h: z.number(),
  topResources: Ranked("resourceId"),
  topCampaigns: Ranked("campaign"),
});
export type StatsResponse = z.infer<typeof StatsResponseSchema>;
