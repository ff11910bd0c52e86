import {
  FORM_STATS_MAX_ROWS,
  FORM_STATS_TOP_FIELDS,
  type FormPageStats,
  type FormStatsResponse,
  FormStatsResponseSchema,
  zeroFormFigures,
} from "../../shared/form-analytics.ts";
import { StatsQuerySchema } from "../../shared/stats.ts";
import { readFormStats } from "../db/form-stats.ts";
import { ApiError } from "../lib/api-error.ts";
import { dayRanges, resolveRange } from "../lib/stats-range.ts";
import { formatLocalDate, formatZoned } from "../lib/zoned-time.ts";
import { describeRoute, teamRoutes, validate } from "./team-api.ts";

/** GET /v1/forms/stats: form analytics per form and page (docs/analytics.md), by local day or week. */
export const formStats = teamRoutes();

const describeFormStats = describeRoute({
  summary: "Form analytics per form and page: views, starts, submissions, where people give up",
  description:
    "Per form and page, most viewed first: views, starts, submit attempts, stored leads or inquiries, view→start and start→submission rates, the fields most often left last and most often refused; the same per bucket. Counters are kept per day of the site's time zone: with another tz, days are matched by date.",
  tags: ["stats"],
  responses: { 200: { description: "The forms of the range.", schema: FormStatsResponseSchema } },
});

const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

const top = (counts: Map<string, number>) =>
  [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, FORM_STATS_TOP_FIELDS)
    .map(([field, count]) => ({ field, count }));

formStats.get("/", describeFormStats, validate("query", StatsQuerySchema), async (c) => {
  const query = c.req.valid("query");
  const site = c.var.site;
  const tz = query.tz ?? site.timeZone;
  const range = resolveRange(query, tz, Date.now());
  if (!range.ok) {
    throw new ApiError(400, "invalid_query", "The request query is not valid.", { [range.field]: range.reason });
  }
  const { buckets } = range;
  const figures = await readFormStats(
    c.var.db,
    site.id,
    dayRanges(buckets, query.interval),
    buckets.map((b) => [b.start, b.end]),
    { pairs: FORM_STATS_MAX_ROWS, fields: FORM_STATS_TOP_FIELDS },
  );

  type Entry = FormPageStats & { abandons: Map<string, number>; errors: Map<string, number> };
  const key = (form: string, page: string) => JSON.stringify([form, page]);
  const entries = new Map<string, Entry>();
  for (const p of figures.pairs) {
    entries.set(key(p.form, p.page), {
      ...zeroFormFigures(p.form),
      ...p,
      buckets: buckets.map((b) => ({ date: formatLocalDate(b.date), views: 0, starts: 0, submits: 0, submissions: 0 })),
      abandons: new Map(),
      errors: new Map(),
    });
  }
  for (const r of figures.counters) {
    const b = entries.get(key(r.form, r.page))?.buckets[r.i];
    if (b) {
      b.views += r.views;
      b.starts += r.starts;
      b.submits += r.submits;
    }
  }
  for (const r of figures.stored) {
    const b = entries.get(key(r.form, r.page))?.buckets[r.i];
    if (b) b.submissions += r.n;
  }
  for (const r of figures.fields) {
    const e = entries.get(key(r.form, r.page));
    e?.errors.set(r.field, r.errors);
    e?.abandons.set(r.field, r.abandons);
  }
  // In readFormStats' order: most viewed first, then most submissions.
  const forms: FormPageStats[] = [...entries.values()].map(({ abandons, errors, ...e }) => ({
    ...e,
    viewToStart: rate(e.starts, e.views),
    startToSubmission: rate(e.submissions, e.starts),
    abandonFields: top(abandons),
    errorFields: top(errors),
  }));
  const body: FormStatsResponse = {
    tz,
    interval: query.interval,
    from: formatZoned(tz, buckets[0]?.start ?? 0),
    to: formatZoned(tz, buckets[buckets.length - 1]?.end ?? 0),
    forms,
  };
  return c.json(body);
});
