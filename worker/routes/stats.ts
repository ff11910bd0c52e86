import { StatsQuerySchema, type StatsResponse, StatsResponseSchema } from "../../shared/stats.ts";
import { readFormViews } from "../db/form-stats.ts";
import { readRangeFigures, siteTimeZone } from "../db/stats.ts";
import { ApiError } from "../lib/api-error.ts";
import { dayRanges, median, percentile, resolveRange, round1 } from "../lib/stats-range.ts";
import { formatLocalDate, formatZoned } from "../lib/zoned-time.ts";
import { describeRoute, teamRoutes, validate } from "./team-api.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** GET /v1/stats: lead and inquiry KPIs of the key's site, bucketed by local day or week. */
export const stats = teamRoutes();

const describeStats = describeRoute({
  summary: "Lead and inquiry KPIs per local day or week",
  description:
    "Per bucket: new leads (and of them, those whose person's address is verified by a mailed download link), new contacts, inquiries by kind. Over the range: lead→inquiry conversion, time to first response, inquiries still new after 24 h, top resources and campaigns. Buckets follow the time zone's days and Monday weeks.",
  tags: ["stats"],
  responses: { 200: { description: "The figures of the range.", schema: StatsResponseSchema } },
});

stats.get("/", describeStats, validate("query", StatsQuerySchema), async (c) => {
  const query = c.req.valid("query");
  const site = c.var.site;
  const tz = query.tz ?? (await siteTimeZone(c.var.db, site.id));
  const now = Date.now();
  const range = resolveRange(query, tz, now);
  if (!range.ok) {
    throw new ApiError(400, "invalid_query", "The request query is not valid.", { [range.field]: range.reason });
  }
  const { buckets } = range;
  // Two round trips at once: the form counters are a table of their own (db/form-stats.ts).
  const [figures, views] = await Promise.all([
    readRangeFigures(c.var.db, site.id, buckets, now),
    readFormViews(c.var.db, site.id, dayRanges(buckets, query.interval)),
  ]);

  const rows = buckets.map((b, i) => {
    const n = figures.buckets[i] ?? { leads: 0, verifiedLeads: 0, contacts: 0, demo: 0, quote: 0, contact: 0 };
    return {
      date: formatLocalDate(b.date),
      start: formatZoned(tz, b.start),
      end: formatZoned(tz, b.end),
      leads: n.leads,
      verifiedLeads: n.verifiedLeads,
      contacts: n.contacts,
      inquiries: { demo: n.demo, quote: n.quote, contact: n.contact, total: n.demo + n.quote + n.contact },
      views: views[i]?.views ?? 0,
    };
  });
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((total, r) => total + pick(r), 0);
  const converted = figures.conversionMs.length;
  const submissions = sum((r) => r.leads + r.inquiries.total);
  const viewed = sum((r) => r.views);
  const body: StatsResponse = {
    tz,
    interval: query.interval,
    from: rows[0]?.start ?? "",
    to: rows[rows.length - 1]?.end ?? "",
    buckets: rows,
    totals: {
      leads: sum((r) => r.leads),
      verifiedLeads: sum((r) => r.verifiedLeads),
      contacts: sum((r) => r.contacts),
      inquiries: {
        demo: sum((r) => r.inquiries.demo),
        quote: sum((r) => r.inquiries.quote),
        contact: sum((r) => r.inquiries.contact),
        total: sum((r) => r.inquiries.total),
      },
    },
    conversion: {
      contacts: figures.firstLeadContacts,
      converted,
      rate: figures.firstLeadContacts ? Math.round((converted / figures.firstLeadContacts) * 1000) / 1000 : null,
      medianDays: round1(scale(median(figures.conversionMs), DAY_MS)),
    },
    firstResponse: {
      responded: figures.responseMs.length,
      medianMinutes: round1(scale(median(figures.responseMs), MINUTE_MS)),
      p90Minutes: round1(scale(percentile(figures.responseMs, 90), MINUTE_MS)),
    },
    forms: {
      views: viewed,
      starts: views.reduce((total, v) => total + v.starts, 0),
      submits: views.reduce((total, v) => total + v.submits, 0),
      submissions,
      rate: viewed ? Math.round((submissions / viewed) * 1000) / 1000 : null,
    },
    unansweredAfter24h: figures.unanswered,
    topResources: figures.topResources,
    topCampaigns: figures.topCampaigns,
  };
  return c.json(body);
});

const scale = (ms: number | null, unit: number) => (ms === null ? null : ms / unit);
