// The one contract between widget and worker. Built with zod/mini: the widget ships the form
// part of it (form-schemas.ts) to visitors, and full zod would take most of the chunk's byte budget.
import * as z from "zod/mini";
import {
  demoFields,
  emailSchema,
  INQUIRY_KINDS,
  type InquiryKind,
  leadFields,
  optionalText,
  requestFields,
  text,
} from "./form-schemas.ts";
import { LIMITS } from "./limits.ts";

export { INQUIRY_KINDS, type InquiryKind, LIMITS };

/** E-mail as typed by a visitor: normalised (NFKC, trimmed, lower-cased), then checked. */
export const EmailSchema = emailSchema();

export const UtmSchema = z.object({
  source: optionalText(LIMITS.utm),
  medium: optionalText(LIMITS.utm),
  campaign: optionalText(LIMITS.utm),
  term: optionalText(LIMITS.utm),
  content: optionalText(LIMITS.utm),
});

/** The widget makes one per submission and reuses it on every retry. */
export const SubmissionIdSchema = z.uuid();

/** One visit that brought the visitor: landing page (origin + path), referrer, UTM, when (epoch ms). */
export const TouchSchema = z.object({
  landingUrl: z.url().check(z.maxLength(LIMITS.touchUrl)),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.touchUrl))),
  utm: z.optional(UtmSchema),
  at: z.int().check(z.nonnegative()),
});
export type Touch = z.infer<typeof TouchSchema>;

/** First- and last-touch attribution, kept per visitor by the widget in first-party storage. */
export const AttributionSchema = z.object({ first: z.optional(TouchSchema), last: z.optional(TouchSchema) });

/** Where and when the visitor was: kept on every lead and inquiry. */
export const ContextSchema = z.object({
  // http(s) only and stripped to what the site keeps: worker/lib/url-policy.ts (the check lives
  // in the worker, as the widget only ever sends location.href and document.referrer).
  pageUrl: z.url().check(z.maxLength(LIMITS.url)),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.url))),
  locale: optionalText(LIMITS.locale),
  utm: z.optional(UtmSchema),
  attribution: z.optional(AttributionSchema),
});

/** Hidden fields from the page (e.g. the plan being viewed): a few short strings by name. */
export const HiddenFieldsSchema = z
  .record(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/), z.maxLength(LIMITS.hiddenName)), text(LIMITS.hiddenValue))
  .check(z.refine((r) => Object.keys(r).length <= LIMITS.hiddenFields, `at most ${LIMITS.hiddenFields} fields`));

// What the widget adds to what the visitor typed.
const extras = {
  submissionId: SubmissionIdSchema,
  context: ContextSchema,
  hidden: z.optional(HiddenFieldsSchema),
  /** Honeypot: a field people never see; it must be empty (what a bot fills is the collector's concern). */
  hp: z.optional(z.string().check(z.maxLength(LIMITS.hp))),
  /** Milliseconds from the form being shown to its submission. */
  fillMs: z.optional(z.int().check(z.nonnegative())),
  /** What the visitor was shown and agreed to by submitting: a version (hash) of the consent text and the policy link. */
  consent: z.optional(
    z.object({ version: text(LIMITS.consentVersion), privacyUrl: z.optional(z.url().check(z.maxLength(LIMITS.url))) }),
  ),
  /** Cloudflare Turnstile's token, for sites that use it (verified by worker/middleware/turnstile.ts). */
  turnstileToken: z.optional(z.string().check(z.maxLength(LIMITS.turnstileToken))),
};

export const LeadSubmissionSchema = z.object({ ...leadFields(), ...extras });
export type LeadSubmission = z.infer<typeof LeadSubmissionSchema>;

export const InquirySubmissionSchema = z.discriminatedUnion("kind", [
  z.object({ ...demoFields(), ...extras }),
  z.object({ ...requestFields(), ...extras }),
]);
export type InquirySubmission = z.infer<typeof InquirySubmissionSchema>;

export const INQUIRY_STATUSES = ["new", "contacted", "qualified", "won", "lost", "spam"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];
