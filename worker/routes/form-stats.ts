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
    "Per form and page, most viewed first: views, starts, submit attempts, stored leads or inquiries, view→start and start→submission rates, the fields most often left last and most often refused; the same per bucket. Then, per form whose pages are not all listed, one row with `page: null`: its other pages (those past the 100 listed rows, and past the 200 pages a form keeps per day), so a form's rows add up to its totals. Counters are kept per day of the site's time zone: with another tz, days are matched by date.",
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
  const key = (form: string, page: string | null) => JSON.stringify([form, page]);
  const entries = new Map<string, Entry>();
  const entry = (form: string, page: string | null) => {
    let e = entries.get(key(form, page));
    if (!e) {
      e = {
        ...zeroFormFigures(form),
        page,
        buckets: buckets.map((b) => ({
          date: formatLocalDate(b.date),
          views: 0,
          starts: 0,
          submits: 0,
          submissions: 0,
        })),
        abandons: new Map(),
        errors: new Map(),
      };
      entries.set(key(form, page), e);
    }
    return e;
  };
  for (const p of figures.pairs) Object.assign(entry(p.form, p.page), p);
  const listed = [...entries.values()];
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
  // Per form, what its listed pages leave of its totals: the "other pages" row (page null), so a
  // form's rows add up to all it counted and stored.
  for (const r of figures.formCounters) {
    const b = entry(r.form, null).buckets[r.i];
    if (b) {
      b.views += r.views;
      b.starts += r.starts;
      b.submits += r.submits;
    }
  }
  for (const r of figures.formStored) {
    const b = entry(r.form, null).buckets[r.i];
    if (b) b.submissions += r.n;
  }
  const others: Entry[] = [];
  for (const e of listed) {
    const rest = entries.get(key(e.form, null));
    e.buckets.forEach((b, i) => {
      const r = rest?.buckets[i];
      if (!r) return;
      r.views -= b.views;
      r.starts -= b.starts;
      r.submits -= b.submits;
      r.submissions -= b.submissions;
    });
  }
  for (const e of entries.values()) {
    if (e.page !== null) continue;
    for (const b of e.buckets) {
      e.views += b.views;
      e.starts += b.starts;
      e.submits += b.submits;
      e.submissions += b.submissions;
    }
    if (e.views || e.starts || e.submits || e.submissions) others.push(e);
  }
  others.sort((a, b) => b.views - a.views || b.submissions - a.submissions || a.form.localeCompare(b.form));
  // The listed pages in readFormStats' order (most viewed first, then most submissions), then the
  // forms' other pages.
  const forms: FormPageStats[] = [...listed, ...others].map(({ abandons, errors, ...e }) => ({
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
