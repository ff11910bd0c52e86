// Form analytics (docs/analytics.md): the beacon the widget sends (POST /v1/form-events) and the
// answer of GET /v1/forms/stats. Counts only: nothing in either identifies a visitor.
import * as z from "zod/mini";
import { INQUIRY_KINDS, LIMITS } from "./schemas.ts";
import { STATS_INTERVALS } from "./stats.ts";

/**
 * Most of one event a beacon may carry per form and counter. A page sends at most one beacon a
 * minute and one when it is hidden: a visitor cannot open, start or submit one form more often
 * than this in that time. Anything above is forged, and refused whole (400 naming the counter).
 */
export const FORM_EVENT_MAX = 20;
/** Forms one beacon may report on (a page rarely has more than two or three). */
export const BEACON_MAX_FORMS = 10;
/** Fields one form may name per counter. */
export const BEACON_MAX_FIELDS = 10;

const INQUIRY_FORM = new RegExp(`^inquiry:(${INQUIRY_KINDS.join("|")})$`);
const LEAD_FORM = new RegExp(`^lead:.{1,${LIMITS.resourceId}}$`, "s");

/** "lead:<resourceId>" (a gated download) or "inquiry:<kind>". */
export const FormKeySchema = z
  .string()
  .check(
    z.refine(
      (v) => INQUIRY_FORM.test(v) || LEAD_FORM.test(v),
      "must be lead:<resourceId> or inquiry:<demo|quote|contact>",
    ),
  );

const Count = z.optional(z.int().check(z.minimum(0), z.maximum(FORM_EVENT_MAX)));
const FieldCounts = z.optional(
  z
    .record(z.string().check(z.regex(/^[A-Za-z][\w-]{0,39}$/)), z.int().check(z.minimum(1), z.maximum(FORM_EVENT_MAX)))
    .check(z.refine((r) => Object.keys(r).length <= BEACON_MAX_FIELDS, `names at most ${BEACON_MAX_FIELDS} fields`)),
);

/** What one beacon reports of one form since the page's previous beacon. */
export const FormEventsSchema = z.object({
  form: FormKeySchema,
  /** Times the form was seen: an inline form half in view for a second, a dialog opened. */
  views: Count,
  /** Views in which the visitor typed into or changed a field. */
  starts: Count,
  /** Submit attempts (valid or not). */
  submits: Count,
  /** Field → submit attempts it refused (client-side validation). */
  errors: FieldCounts,
  /** Field → started views left unsent with this field touched last. */
  abandons: FieldCounts,
});

/** POST /v1/form-events: one page's counts since its previous beacon. */
export const FormBeaconSchema = z.object({
  /** The page, origin + path (the collector drops a query string, fragment and trailing slash); on the request's origin. */
  page: z.url().check(z.maxLength(LIMITS.touchUrl)),
  forms: z.array(FormEventsSchema).check(z.minLength(1), z.maxLength(BEACON_MAX_FORMS)),
});
export type FormBeacon = z.infer<typeof FormBeaconSchema>;

const FieldCountSchema = z.object({ field: z.string(), count: z.number() });

const FormBucketSchema = z.object({
  /** The bucket's first local date (a Monday for weeks). */
  date: z.string(),
  views: z.number(),
  starts: z.number(),
  submits: z.number(),
  /** Leads or inquiries (spam left out) stored from this form on this page. */
  submissions: z.number(),
});

export const FormPageStatsSchema = z.object({
  form: z.string(),
  kind: z.enum(["lead", "inquiry"]),
  /** The resource id of a lead form, the inquiry kind of an inquiry form. */
  subject: z.string(),
  /**
   * Origin + path (no query string, fragment or trailing slash); null on a form's "other pages"
   * row: what its listed rows leave of its totals (no fields listed there).
   */
  page: z.nullable(z.string()),
  views: z.number(),
  starts: z.number(),
  /** Submit attempts the widget counted (valid or not). */
  submits: z.number(),
  submissions: z.number(),
  /** starts / views; null without views. */
  viewToStart: z.nullable(z.number()),
  /** submissions / starts; null without starts. */
  startToSubmission: z.nullable(z.number()),
  /** The fields most often touched last in a started form left unsent, most first. */
  abandonFields: z.array(FieldCountSchema),
  /** The fields that most often refused a value on submit, most first. */
  errorFields: z.array(FieldCountSchema),
  buckets: z.array(FormBucketSchema),
});
export type FormPageStats = z.infer<typeof FormPageStatsSchema>;

/** A form's key split into kind and subject, with every count at zero: where its figures start. */
export function zeroFormFigures(form: string) {
  return {
    form,
    kind: form.startsWith("lead:") ? ("lead" as const) : ("inquiry" as const),
    subject: form.slice(form.indexOf(":") + 1),
    views: 0,
    starts: 0,
    submits: 0,
    submissions: 0,
    viewToStart: null as number | null,
    startToSubmission: null as number | null,
    abandonFields: [] as { field: string; count: number }[],
    errorFields: [] as { field: string; count: number }[],
  };
}

export const FormStatsResponseSchema = z.object({
  tz: z.string(),
  interval: z.enum(STATS_INTERVALS),
  from: z.string(),
  to: z.string(),
  /**
   * One entry per form and page, most viewed first (at most FORM_STATS_MAX_ROWS), then one per
   * form with other pages (`page: null`), most viewed first: a form's entries add up to its totals.
   */
  forms: z.array(FormPageStatsSchema),
});
export type FormStatsResponse = z.infer<typeof FormStatsResponseSchema>;

/**
 * Distinct pages kept per site, form and day: the counts of any further page go to the form's one
 * "other pages" row of that day, so the table stays bounded and every total stays right.
 */
export const FORM_PAGES_PER_DAY = 200;

/**
 * Distinct forms counted per site and day. A lead form's key carries a resource id the page
 * names, so a script could make endless forms as it could pages; a site with more gated resources
 * than this seen in one day is not one a person runs, and the counts of further forms are dropped.
 */
export const FORM_FORMS_PER_DAY = 100;

/** Form and page pairs in one answer: the most viewed ones. */
export const FORM_STATS_MAX_ROWS = 100;
/** Fields listed per form and page and counter. */
export const FORM_STATS_TOP_FIELDS = 5;
