// Query parameters and bodies of the team API (lists, filters, export, follow-up), shared so the
// worker validates them and the OpenAPI document describes them from one definition. Query
// values arrive as strings (or arrays of strings when a parameter is repeated).
import * as z from "zod/mini";
import { type Cursor, decodeCursor, SORTS } from "./cursor.ts";
import { INQUIRY_KINDS, INQUIRY_STATUSES, LIMITS } from "./schemas.ts";

export const GRADES = ["cold", "warm", "hot"] as const;
export type Grade = (typeof GRADES)[number];

/** The reason a bad value gets, so every parameter names what it accepts. */
const oneOf = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/** A parameter that takes one value: `?sort=a&sort=b` is an error, not a silent pick. */
const single = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((input, ctx) => {
    if (Array.isArray(input)) ctx.issues.push({ code: "custom", input, message: "must be given once" });
    return [input].flat()[0] ?? "";
  }),
);

/** `?status=new&status=contacted` or `?status=new,contacted`: a non-empty list of known values. */
function repeatable<const T extends readonly string[]>(values: T) {
  return z.pipe(
    z.union([z.string(), z.array(z.string())]),
    z.transform((input, ctx) => {
      const list = (Array.isArray(input) ? input : [input]).flatMap((v) => v.split(",")).map((v) => v.trim());
      const unknown = list.filter((v) => !values.includes(v));
      if (unknown.length || !list.length)
        ctx.issues.push({ code: "custom", input, message: `${oneOf(values)} (got "${unknown.join(",")}")` });
      return [...new Set(list)] as T[number][];
    }),
  );
}

/**
 * An integer query parameter within bounds. The refinement comes first so its reason ("must be an
 * integer between 1 and 200") is the one reported; minimum and maximum describe it in OpenAPI.
 */
export function boundedInt(min: number, max: number) {
  return z.coerce.number().check(
    z.refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      error: `must be an integer between ${min} and ${max}`,
    }),
    z.minimum(min),
    z.maximum(max),
  );
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 date-time with an offset (`Z` or `±hh:mm`) → epoch ms. No offset, no guessing the zone. */
export const InstantSchema = z.pipe(
  single,
  z.transform((input, ctx) => {
    const m = ISO_WITH_OFFSET.exec(input);
    const at = Date.parse(input);
    // Date.parse rolls 2026-02-31 over to March; a real calendar date is required.
    const real = m && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).getUTCDate() === +m[3]!;
    if (!real || Number.isNaN(at))
      ctx.issues.push({
        code: "custom",
        input,
        message: "must be an ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00",
      });
    return at;
  }),
);

const text = (max: number) =>
  z.pipe(
    single,
    z.string().check(
      z.trim(),
      z.refine((v) => v.length > 0, { error: "must not be empty" }),
      z.maxLength(max),
    ),
  );

/** The cursor a previous page returned as `nextCursor`. */
const CursorSchema = z.pipe(
  single,
  z.transform((input, ctx): Cursor => {
    const cursor = decodeCursor(input);
    if (!cursor) ctx.issues.push({ code: "custom", input, message: "is not a cursor from this API" });
    return cursor as Cursor;
  }),
);

const page = {
  limit: z._default(boundedInt(1, 200), 50),
  cursor: z.optional(CursorSchema),
};

const timeRange = {
  /** Inclusive. */
  from: z.optional(InstantSchema),
  /** Exclusive. */
  to: z.optional(InstantSchema),
  sort: z._default(z.enum(SORTS), "newest"),
};

const attribution = {
  utm_source: z.optional(text(LIMITS.utm)),
  utm_campaign: z.optional(text(LIMITS.utm)),
  /** Substring of name, company, e-mail (and message, for inquiries). */
  q: z.optional(text(200)),
};

type Checked = { from?: number; to?: number; sort: string; cursor?: Cursor };

/** `to` after `from`; a cursor only with the sort it was made for. */
const consistent = z.superRefine((query: Checked, ctx) => {
  if (query.from !== undefined && query.to !== undefined && query.to <= query.from)
    ctx.issues.push({ code: "custom", input: query.to, path: ["to"], message: "must be after from" });
  if (query.cursor && query.cursor.sort !== query.sort)
    ctx.issues.push({
      code: "custom",
      input: query.sort,
      path: ["cursor"],
      message: `was made for sort=${query.cursor.sort}; send the same sort with it`,
    });
});

const inquiryFilters = {
  status: z.optional(repeatable(INQUIRY_STATUSES)),
  kind: z.optional(repeatable(INQUIRY_KINDS)),
  /** Inquiries whose contact downloaded this resource before asking. */
  resource: z.optional(text(LIMITS.resourceId)),
  ...timeRange,
  ...attribution,
};

const leadFilters = {
  resource: z.optional(text(LIMITS.resourceId)),
  /** The contact's grade now (see README). */
  grade: z.optional(repeatable(GRADES)),
  ...timeRange,
  ...attribution,
};

// Strict: a misspelt parameter (`?stauts=won`) is a 400 naming it, never silently the whole list.
export const InquiryExportQuerySchema = z.strictObject(inquiryFilters).check(consistent);
export const InquiryListQuerySchema = z.strictObject({ ...inquiryFilters, ...page }).check(consistent);
export type InquiryFilters = z.infer<typeof InquiryExportQuerySchema>;

export const LeadExportQuerySchema = z.strictObject(leadFilters).check(consistent);
export const LeadListQuerySchema = z.strictObject({ ...leadFilters, ...page }).check(consistent);
export type LeadFilters = z.infer<typeof LeadExportQuerySchema>;

const contactFilters = {
  q: attribution.q,
  grade: z.optional(repeatable(GRADES)),
  sort: timeRange.sort,
};
export const ContactListQuerySchema = z.strictObject({ ...contactFilters, ...page }).check(consistent);
export type ContactFilters = z.infer<z.ZodMiniObject<typeof contactFilters>>;
