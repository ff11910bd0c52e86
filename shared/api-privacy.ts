// Requests and answers of the personal-data endpoints (export and erasure of one person).
// The OpenAPI document is generated from these.
import * as z from "zod/mini";
import { ContactSummarySchema, InquirySchema } from "./api.ts";
import { LeadActivitySchema } from "./api-team.ts";
import { EmailSchema } from "./schemas.ts";

const time = z.iso.datetime();
const nullableText = z.nullable(z.string());

/** The person: their contact id, or their e-mail (normalised as the collector does). Exactly one. */
export const PersonRefSchema = z.strictObject({
  email: z.optional(EmailSchema),
  contactId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

/** Everything stored about one person on the key's site. */
export const PersonalDataExportSchema = z.object({
  exportedAt: time,
  contact: z.object({
    id: z.string(),
    email: z.string(),
    name: nullableText,
    company: nullableText,
    verifiedAt: z.nullable(time),
    createdAt: time,
    updatedAt: time,
  }),
  /** Each with its contact summary as in the lead list: the name and company typed with it. */
  leads: z.array(z.extend(LeadActivitySchema, { contact: ContactSummarySchema })),
  /** Each with its contact summary, as in the inquiry list: the name and company typed with it. */
  inquiries: z.array(InquirySchema),
  followUpHistory: z.array(
    z.object({
      inquiryId: z.string(),
      field: z.string(),
      from: nullableText,
      to: nullableText,
      at: time,
      /** Who changed it: an API key or a signed-in member (exactly one is set). */
      apiKeyId: nullableText,
      memberId: nullableText,
    }),
  ),
  /** Each widget request, with what it said: name and company as typed then, and its consent record. */
  submissions: z.array(
    z.object({
      submissionId: z.string(),
      kind: z.enum(["lead", "inquiry"]),
      recordId: z.string(),
      receivedAt: time,
      name: nullableText,
      company: nullableText,
      consent: z.nullable(
        z.object({
          version: z.string().check(z.describe("Version (hash) of the consent text shown")),
          privacyUrl: nullableText,
          at: time,
        }),
      ),
    }),
  ),
});

/** What an erasure removed; kept on record without any personal data. */
export const ErasureSchema = z.object({
  id: z.string(),
  reason: z.enum(["request", "retention"]),
  erasedAt: time,
  /** Which API key asked; null for the retention purge or when a member asked. */
  apiKeyId: nullableText,
  /** Which signed-in admin asked, else null. */
  memberId: nullableText,
  erased: z.object({
    contacts: z.number(),
    leads: z.number(),
    inquiries: z.number(),
    submissions: z.number(),
    followUpHistory: z.number(),
  }),
});
