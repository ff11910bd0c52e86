// Query parameters and bodies of the team API (lists, filters, export, follow-up), shared so the
// worker validates them and the OpenAPI document describes them from one definition. Query
// values arrive as strings (or arrays of strings when a parameter is repeated).
import * as z from "zod/mini";
import { type Cursor, decodeCursor, SORTS } from "./cursor.ts";
import { FOLLOW_UP_LIMITS } from "./follow-up.ts";
import { INQUIRY_KINDS, INQUIRY_STATUSES, LIMITS } from "./schemas.ts";
import { TimeZoneSchema } from "./stats.ts";

export const GRADES = ["cold", "warm", "hot"] as const;
export type Grade = (typeof GRADES)[number];

/** Describes a parameter in the OpenAPI document (zod's registry → JSON Schema `description`). */
function described<S extends z.ZodMiniType>(schema: S, description: string): S {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** The reason a bad value gets, so every parameter names what it accepts. */
const oneOf = (values: readonly string[]) => `must be one of ${values.join(", ")}`;

/** A parameter that takes one value: `?sort=a&sort=b` is an error, not a silent pick. */
const single = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((input, ctx) => {
    if (Array.isArray(input)) ctx.issues.push({ code: "custom", input, message: "is given more than once" });
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
  limit: described(z._default(boundedInt(1, 200), 50), "Page size, 1–200 (default 50)."),
  cursor: described(
    z.optional(CursorSchema),
    "The `nextCursor` of the previous page (same `sort`). Follow it even after a short or empty page: the list ends when `nextCursor` is null.",
  ),
};

const timeRange = {
  from: described(
    z.optional(InstantSchema),
    "Inclusive start: ISO 8601 date-time with an offset, e.g. 2026-11-01T00:00:00+09:00.",
  ),
  to: described(z.optional(InstantSchema), "Exclusive end: ISO 8601 date-time with an offset."),
  sort: described(z._default(z.enum(SORTS), "newest"), "newest (default) or oldest first."),
};

const attribution = {
  utm_source: described(z.optional(text(LIMITS.utm)), "Exact utm_source."),
  utm_campaign: described(z.optional(text(LIMITS.utm)), "Exact utm_campaign."),
  q: described(
    z.optional(text(200)),
    "Substring (Japanese works) of the contact's name, company or e-mail (and an inquiry's message).",
  ),
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

const repeatDoc = (values: readonly string[]) =>
  `One or more of ${values.join(", ")}: repeat the parameter or separate values with commas.`;

const inquiryFilters = {
  status: described(z.optional(repeatable(INQUIRY_STATUSES)), repeatDoc(INQUIRY_STATUSES)),
  kind: described(z.optional(repeatable(INQUIRY_KINDS)), repeatDoc(INQUIRY_KINDS)),
  resource: described(
    z.optional(text(LIMITS.resourceId)),
    "Only inquiries whose contact downloaded this resource id before asking.",
  ),
  assignee: described(
    z.optional(text(FOLLOW_UP_LIMITS.assignee)),
    "Exact assignee (a member's e-mail for changes made in the dashboard): the dashboard's \"assigned to me\".",
  ),
  ...timeRange,
  ...attribution,
};

/** `?verified=true` or `false`: whether the contact's address is verified (a mailed link was opened). */
const verifiedFilter = described(
  z.optional(
    z.pipe(
      single,
      z.transform((input, ctx) => {
        if (input !== "true" && input !== "false")
          ctx.issues.push({ code: "custom", input, message: `must be true or false (got "${input}")` });
        return input === "true";
      }),
    ),
  ),
  "true: only people whose address is verified (they opened a mailed download link); false: only the others.",
);

const gradeFilter = described(z.optional(repeatable(GRADES)), `The contact's grade now. ${repeatDoc(GRADES)}`);

const leadFilters = {
  resource: described(z.optional(text(LIMITS.resourceId)), "The downloaded resource id."),
  grade: gradeFilter,
  verified: verifiedFilter,
  ...timeRange,
  ...attribution,
};

// The exports' times are local to this zone (Excel shows them as they are written).
const exportZone = {
  tz: described(
    z.optional(z.pipe(single, TimeZoneSchema)),
    "IANA time zone of the file's times (local `YYYY-MM-DD HH:MM:SS`). Default: the site's (Asia/Tokyo for new sites).",
  ),
};

// Strict: a misspelt parameter (`?stauts=won`) is a 400 naming it, never silently the whole list.
export const InquiryExportQuerySchema = z.strictObject({ ...inquiryFilters, ...exportZone }).check(consistent);
export const InquiryListQuerySchema = z.strictObject({ ...inquiryFilters, ...page }).check(consistent);
export type InquiryFilters = z.infer<typeof InquiryExportQuerySchema>;

export const LeadExportQuerySchema = z.strictObject({ ...leadFilters, ...exportZone }).check(consistent);
export const LeadListQuerySchema = z.strictObject({ ...leadFilters, ...page }).check(consistent);
export type LeadFilters = z.infer<typeof LeadExportQuerySchema>;

const contactFilters = {
  q: attribution.q,
  grade: gradeFilter,
  verified: verifiedFilter,
  sort: timeRange.sort,
};
export const ContactListQuerySchema = z.strictObject({ ...contactFilters, ...page }).check(consistent);
export type ContactFilters = z.infer<z.ZodMiniObject<typeof contactFilters>>;
