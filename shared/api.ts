// Schemas of what the API answers (the requests are in schemas.ts). The worker types its
// answers with them and the OpenAPI document (GET /v1/openapi.json) is generated from them.
// The widget imports only types from here, so none of this reaches visitors.
import * as z from "zod/mini";
import type { ErrorCode } from "./errors.ts";
import { INQUIRY_KINDS, INQUIRY_STATUSES } from "./schemas.ts";

/**
 * The HTTP status of every error code. A Record, so adding a code to `ErrorCode` without
 * listing it here fails type-checking: the document always names every code.
 */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_body: 400,
  invalid_json: 400,
  invalid_query: 400,
  unauthorized: 401,
  insufficient_scope: 403,
  insufficient_role: 403,
  not_a_member: 403,
  site_required: 400,
  csrf: 403,
  already_member: 409,
  last_admin: 409,
  site_disabled: 403,
  origin_not_allowed: 403,
  unknown_site: 404,
  not_found: 404,
  payload_too_large: 413,
  invalid_transition: 409,
  edit_conflict: 409,
  too_many_rules: 409,
  too_many_webhooks: 409,
  sender_in_use: 409,
  unsupported_media_type: 415,
  submission_conflict: 422,
  sender_incomplete: 422,
  mail_unavailable: 422,
  rate_limited: 429,
  turnstile_failed: 403,
  turnstile_unavailable: 503,
  access_unavailable: 503,
  internal_error: 500,
};

/** The error codes answered with `status`. */
export const errorCodesFor = (status: number) =>
  (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => ERROR_STATUS[code] === status);

/** Every non-2xx answer of the API. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** Field (dotted path) → reason. Present on every 4xx. */
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});

/** Answer of both collect endpoints: 201 when a record was created, 200 when it already existed. */
export const CollectResponseSchema = z.object({
  id: z.string(),
  duplicate: z.boolean(),
  /**
   * A lead of a resource delivered by mail: the file is not handed to the page; a signed link
   * goes to the address typed (the form says so). Absent: the page downloads the file itself.
   */
  delivery: z.optional(z.literal("mail")),
  /**
   * A lead of a registered resource not answered `mail`: the registry's file URL. A form with a
   * link of its own downloads that link; one without (an inline form) downloads this.
   */
  fileUrl: z.optional(z.string()),
});
export type CollectResponse = z.infer<typeof CollectResponseSchema>;

/** GET /v1/widget-config: what the widget must know about a site before a visitor submits. */
export const WidgetConfigSchema = z.object({
  /** Cloudflare Turnstile, when the site uses it: its public site key and the script to load. */
  turnstile: z.nullable(z.object({ siteKey: z.string(), scriptUrl: z.string() })),
  /** Whether the widget counts form views, starts and abandons (docs/analytics.md). */
  formAnalytics: z.boolean(),
});
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;

const nullableText = z.nullable(z.string());

/** Where the visitor was, as the API returns it (absent values are null). */
/** A first- or last-touch visit as the API shows it (null when the widget sent none). */
const TouchOutSchema = z.nullable(
  z.object({
    landingUrl: z.string(),
    referrer: nullableText,
    utm: z.record(z.string(), z.string()),
    at: nullableText,
  }),
);

export const EventContextSchema = z.object({
  pageUrl: z.string(),
  referrer: nullableText,
  locale: nullableText,
  utm: z.object({
    source: nullableText,
    medium: nullableText,
    campaign: nullableText,
    term: nullableText,
    content: nullableText,
  }),
  /** First- and last-touch attribution kept by the widget (UTM, referrer, landing page, time). */
  attribution: z.object({ first: TouchOutSchema, last: TouchOutSchema }),
  /** Hidden fields from the page's data-hidden-* attributes. */
  hidden: z.nullable(z.record(z.string(), z.string())),
});

export const ContactSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  name: nullableText,
  company: nullableText,
  /** When the person proved this address by opening a mailed download link; null: not (yet) verified. */
  verifiedAt: z.nullable(z.iso.datetime()),
});

/** An inquiry in the team API's lists. */
export const InquirySchema = z.object({
  id: z.string(),
  kind: z.enum(INQUIRY_KINDS),
  status: z.enum(INQUIRY_STATUSES),
  message: z.string(),
  preferredTime: nullableText,
  /** Follow-up (PATCH /v1/inquiries/:id): who handles it and a free note. */
  assignee: nullableText,
  note: nullableText,
  createdAt: z.iso.datetime(),
  /** Last follow-up change; null until the first. */
  updatedAt: z.nullable(z.iso.datetime()),
  /** Set by the first status change away from `new`. */
  firstResponseAt: z.nullable(z.iso.datetime()),
  context: EventContextSchema,
  contact: ContactSummarySchema,
});

/** One page of a cursor-paginated list: pass `nextCursor` back as `cursor`; null on the last page. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.nullable(z.string()) });

export const InquiryPageSchema = pageOf(InquirySchema);

/** Refused (and bot-trapped) collect requests of a site: GET /v1/refusals. */
export const RefusalsResponseSchema = z.object({
  /** First UTC day included. */
  since: z.string(),
  data: z.array(
    z.object({
      day: z.string(),
      /** null: the requests had no Origin header. */
      origin: nullableText,
      /** true: origins past the day's cap of distinct origins, counted together (origin "*"). */
      otherOrigins: z.boolean(),
      code: z.string(),
      /** true: answered as a success but dropped as bot traffic (honeypot, too fast). */
      bot: z.boolean(),
      count: z.number(),
      lastAt: z.iso.datetime(),
    }),
  ),
  /** The next page's `cursor`; null on the last page. */
  nextCursor: z.nullable(z.string()),
  totals: z.array(
    z.object({
      origin: nullableText,
      otherOrigins: z.boolean(),
      code: z.string(),
      bot: z.boolean(),
      count: z.number(),
      summary: z.string(),
    }),
  ),
});
export type RefusalsResponse = z.infer<typeof RefusalsResponseSchema>;
