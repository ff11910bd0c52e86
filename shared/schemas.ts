// The one contract between widget and worker. Built with zod/mini: the widget ships these
// schemas to visitors, and full zod would cost ~17 KB gzip more (see README, budgets).
import * as z from "zod/mini";
import { normaliseEmail } from "./email.ts";

import { LIMITS } from "./limits.ts";

export { LIMITS };

const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const optionalText = (max: number) => z.optional(text(max));

/** E-mail as typed by a visitor: normalised first, then checked. */
export const EmailSchema = z.pipe(
  z.string().check(z.overwrite(normaliseEmail), z.minLength(1), z.maxLength(LIMITS.email)),
  z.email(),
);

export const UtmSchema = z.object({
  source: optionalText(LIMITS.utm),
  medium: optionalText(LIMITS.utm),
  campaign: optionalText(LIMITS.utm),
  term: optionalText(LIMITS.utm),
  content: optionalText(LIMITS.utm),
});

/** Where and when the visitor was: kept on every lead and inquiry. */
export const ContextSchema = z.object({
  pageUrl: z.url().check(z.maxLength(LIMITS.url)),
  referrer: z.optional(z.string().check(z.maxLength(LIMITS.url))),
  locale: optionalText(LIMITS.locale),
  utm: z.optional(UtmSchema),
});

/** The widget makes one per submission and reuses it on every retry. */
export const SubmissionIdSchema = z.uuid();

const person = {
  submissionId: SubmissionIdSchema,
  email: EmailSchema,
  name: optionalText(LIMITS.name),
  company: optionalText(LIMITS.company),
  context: ContextSchema,
};

export const LeadSubmissionSchema = z.object({
  ...person,
  resourceId: text(LIMITS.resourceId).check(z.minLength(1)),
});
export type LeadSubmission = z.infer<typeof LeadSubmissionSchema>;

export const INQUIRY_KINDS = ["demo", "quote", "contact"] as const;
export type InquiryKind = (typeof INQUIRY_KINDS)[number];

// A quote or a question cannot be answered without a message; a demo request can.
export const InquirySubmissionSchema = z.discriminatedUnion("kind", [
  z.object({
    ...person,
    kind: z.literal("demo"),
    message: optionalText(LIMITS.message),
    preferredTime: optionalText(LIMITS.preferredTime),
  }),
  z.object({
    ...person,
    kind: z.enum(["quote", "contact"]),
    message: text(LIMITS.message).check(z.minLength(1)),
  }),
]);
export type InquirySubmission = z.infer<typeof InquirySubmissionSchema>;

export const INQUIRY_STATUSES = ["new", "contacted", "qualified", "won", "lost", "spam"] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

export type { CollectResponse } from "./api.ts";
