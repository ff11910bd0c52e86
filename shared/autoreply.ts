// The visitor auto-reply (自動返信メール) and the mail log as the team API, the CLI and the
// dashboard see them (docs/mail.md). Rendering is worker/mail/templates.ts.
import * as z from "zod/mini";
import { LANGUAGES } from "./webhooks.ts";

/** The forms a visitor sends: a download (lead) or an inquiry of one of its kinds. */
export const FORM_KINDS = ["download", "demo", "quote", "contact"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** What a template may say, `{{name}}`; sections `{{#x}}…{{/x}}` (x not empty), `{{^x}}…{{/x}}` (empty). */
export const TEMPLATE_VARIABLES = [
  "name",
  "company",
  "resourceTitle",
  "downloadUrl",
  "siteName",
  "kind",
  "preferredTime",
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const TEMPLATE_LIMITS = { subject: 200, text: 10_000, html: 50_000 } as const;

const senderText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const address = () => z.email().check(z.maxLength(254));

/** Who the auto-reply comes from and its footer (特定電子メール法: sender, address or contact, where to refuse). */
export const MailSenderSchema = z.object({
  senderName: z.nullable(z.string()),
  fromAddress: z.nullable(z.string().check(z.describe("On the sending domain onboarded with the provider"))),
  replyTo: z.nullable(z.string().check(z.describe("The team's address: replies go there"))),
  footerSender: z.nullable(z.string().check(z.describe("送信者: the company or person sending"))),
  footerContact: z.nullable(z.string().check(z.describe("A postal address, or a telephone or address to contact"))),
  footerOptout: z.nullable(z.string().check(z.describe("Where to refuse further mail: an address or a URL"))),
  hourlyCap: z.number().check(z.describe("At most this many visitor mails of the site per hour")),
});
export type MailSender = z.infer<typeof MailSenderSchema>;

export const MailSenderUpdateSchema = z.strictObject({
  senderName: z.optional(z.nullable(senderText(100))),
  fromAddress: z.optional(z.nullable(address())),
  replyTo: z.optional(z.nullable(address())),
  footerSender: z.optional(z.nullable(senderText(200))),
  footerContact: z.optional(z.nullable(senderText(300))),
  footerOptout: z.optional(z.nullable(senderText(300))),
  hourlyCap: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10_000))),
});
export type MailSenderUpdate = z.infer<typeof MailSenderUpdateSchema>;

/** The sender fields an enabled auto-reply needs, in the order a missing one is reported. */
export const REQUIRED_SENDER_FIELDS = [
  "senderName",
  "fromAddress",
  "replyTo",
  "footerSender",
  "footerContact",
  "footerOptout",
] as const;

/** One language's texts; null: the built-in default. */
const TextsSchema = z.object({
  subject: z.nullable(z.string()),
  text: z.nullable(z.string()),
  html: z.nullable(z.string()),
});
const TextsUpdateSchema = z.strictObject({
  subject: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.subject)))),
  text: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.text)))),
  html: z.optional(z.nullable(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.html)))),
});

export const AutoReplySchema = z.object({
  formKind: z.enum(FORM_KINDS),
  resourceId: z.nullable(z.string().check(z.describe("A download's resource; null: every resource without its own"))),
  enabled: z.boolean(),
  ja: TextsSchema,
  en: TextsSchema,
});
export type AutoReply = z.infer<typeof AutoReplySchema>;

/** A form kind's built-in texts in one language: what a null text stands for. */
const DefaultTextsSchema = z.object({ subject: z.string(), text: z.string() });
const DefaultsOfKindSchema = z.object({ ja: DefaultTextsSchema, en: DefaultTextsSchema });

export const AutoReplySettingsSchema = z.object({
  sender: MailSenderSchema,
  replies: z.array(AutoReplySchema),
  defaults: z
    .object({
      download: DefaultsOfKindSchema,
      demo: DefaultsOfKindSchema,
      quote: DefaultsOfKindSchema,
      contact: DefaultsOfKindSchema,
    })
    .check(z.describe("The built-in subject and text per form kind and language, as templates")),
});

export const AutoReplyUpdateSchema = z.strictObject({
  enabled: z.optional(z.boolean()),
  ja: z.optional(TextsUpdateSchema),
  en: z.optional(TextsUpdateSchema),
});
export type AutoReplyUpdate = z.infer<typeof AutoReplyUpdateSchema>;

export const AutoReplyPathSchema = z.object({ formKind: z.enum(FORM_KINDS) });
export const AutoReplyQuerySchema = z.object({
  resource: z.optional(z.string().check(z.minLength(1), z.maxLength(100), z.describe("A download's resource id"))),
});

export const PreviewRequestSchema = z.strictObject({
  formKind: z.enum(FORM_KINDS),
  resourceId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  language: z._default(z.enum(LANGUAGES), "ja"),
  /** Unsaved texts to try; absent: the saved ones (or the defaults). */
  subject: z.optional(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.subject))),
  text: z.optional(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.text))),
  html: z.optional(z.string().check(z.minLength(1), z.maxLength(TEMPLATE_LIMITS.html))),
});

export const PreviewSchema = z.object({
  from: z.string(),
  replyTo: z.nullable(z.string()),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.nullable(z.string()),
});

export type Preview = z.infer<typeof PreviewSchema>;

export const MAIL_STATUSES = ["pending", "sending", "sent", "retry", "failed", "suppressed", "capped"] as const;

export const MailLogEntrySchema = z.object({
  id: z.string(),
  kind: z.string(),
  key: z.string(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number(),
  lastCode: z.nullable(z.string()),
  lastError: z.nullable(z.string()),
  provider: z.nullable(z.string()),
  providerId: z.nullable(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  sentAt: z.nullable(z.iso.datetime()),
});
export type MailLogEntry = z.infer<typeof MailLogEntrySchema>;

export const MailLogSchema = z.object({ data: z.array(MailLogEntrySchema) });

export const MailLogQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  before: z.optional(z.iso.datetime().check(z.describe("Only mails created before this instant"))),
  status: z.optional(z.enum(MAIL_STATUSES)),
  kind: z.optional(z.string().check(z.maxLength(40))),
});
