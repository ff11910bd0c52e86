// Answer schemas of the team API's records beyond the inquiry list item (api.ts): an inquiry's
// detail with timeline and follow-up history, leads, contacts with grade. The worker's answers
// are checked against them in tests and the OpenAPI document is generated from them.
import * as z from "zod/mini";
import { ContactSummarySchema, EventContextSchema, InquirySchema, pageOf } from "./api.ts";
import { MemberRefSchema } from "./members.ts";
import { INQUIRY_KINDS, INQUIRY_STATUSES } from "./schemas.ts";
import { GRADES } from "./team-queries.ts";

const time = z.iso.datetime();

/** A contact with its grade now (cold / warm / hot: docs/api.md, "Grades"). */
export const ContactSchema = z.extend(ContactSummarySchema, {
  grade: z.enum(GRADES),
  createdAt: time,
  updatedAt: time,
});

/** A download: the resource, how often within its 24 h window, when, and from where. */
export const LeadActivitySchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  downloadCount: z.number(),
  firstDownloadAt: time,
  lastDownloadAt: time,
  /** First opening of its mailed download link; null: not delivered by mail, or not opened yet. */
  downloadedAt: z.nullable(time),
  context: EventContextSchema,
});

/** An inquiry as part of a person's activity (no contact, no follow-up fields). */
export const InquiryActivitySchema = z.object({
  id: z.string(),
  kind: z.enum(INQUIRY_KINDS),
  status: z.enum(INQUIRY_STATUSES),
  message: z.string(),
  preferredTime: z.nullable(z.string()),
  createdAt: time,
  context: EventContextSchema,
});

/** One entry of a person's timeline, oldest first: a download or an inquiry, at `at`. */
export const TimelineEntrySchema = z.discriminatedUnion("type", [
  z.extend(LeadActivitySchema, { type: z.literal("lead"), at: time }),
  z.extend(InquiryActivitySchema, { type: z.literal("inquiry"), at: time }),
]);

/**
 * One changed field of a follow-up: from, to, when, and who changed it: an API key, a member or a
 * routing rule (the other two are null). `rule.number` is the rule's place when it assigned.
 */
export const HistoryEntrySchema = z.object({
  field: z.enum(["status", "assignee", "note"]),
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  at: time,
  key: z.nullable(z.object({ id: z.string(), name: z.nullable(z.string()) })),
  member: z.nullable(MemberRefSchema),
  rule: z.nullable(z.object({ id: z.string(), number: z.number() })),
});

/** GET /v1/inquiries/:id: the inquiry, its contact with grade, their timeline, the follow-up history. */
export const InquiryDetailSchema = z.extend(InquirySchema, {
  contact: ContactSchema,
  timeline: z.array(TimelineEntrySchema),
  history: z.array(HistoryEntrySchema),
});

/** A lead in GET /v1/leads: the download, and who (with the person's grade now). */
export const LeadSchema = z.extend(LeadActivitySchema, {
  contact: z.extend(ContactSummarySchema, { grade: z.enum(GRADES) }),
});
export const LeadPageSchema = pageOf(LeadSchema);

/** A contact in GET /v1/contacts: with grade and how many leads and inquiries they have. */
export const ContactListItemSchema = z.extend(ContactSchema, { leadCount: z.number(), inquiryCount: z.number() });
export const ContactPageSchema = pageOf(ContactListItemSchema);

/** GET /v1/contacts/:id: the contact with grade, their leads and their inquiries, oldest first. */
export const ContactDetailSchema = z.extend(ContactSchema, {
  leads: z.array(LeadActivitySchema),
  inquiries: z.array(InquiryActivitySchema),
});

/** GET /v1/inquiries/counts: the site's inquiries per status (the inbox's status chips). */
export const InquiryCountsSchema = z.object({
  byStatus: z.record(z.enum(INQUIRY_STATUSES), z.number()),
});
