// What the visitor types: the part of the contract the widget validates in the browser, to put
// messages next to the fields. The whole submission (shared/schemas.ts) adds what the widget
// makes itself (submission id, page context, attribution, hidden fields), which the worker
// validates; kept apart so that the forms chunk does not ship the zod schema kinds only those
// need (URL, UUID, record, number checks), bytes every visitor would download for nothing.
//
// The field sets are functions that build their schemas when called: the worker calls them once
// at start-up (shared/schemas.ts), the widget's chunk as the visitor enters a form. Building zod
// schemas is the largest part of evaluating the chunk (bench:widget's trace shows it), work that a
// page showing a form but never submitting it should not pay while the form appears.
import * as z from "zod/mini";
import { normaliseEmail } from "./email.ts";
import { LIMITS } from "./limits.ts";

export const text = (max: number) => z.string().check(z.trim(), z.maxLength(max));
export const optionalText = (max: number) => z.optional(text(max));

/**
 * E-mail as typed by a visitor: normalised first, then checked. The length checks abort, so the
 * address pattern never runs on an overlong input (linear time); the format as a check rather
 * than a z.pipe keeps pipe code out of the widget's chunk.
 */
export const emailSchema = () =>
  z
    .string()
    .check(
      z.overwrite(normaliseEmail),
      z.minLength(1, { abort: true }),
      z.maxLength(LIMITS.email, { abort: true }),
      z.email(),
    );

/** What every form asks of the visitor. */
const personFields = () => ({
  email: emailSchema(),
  name: optionalText(LIMITS.name),
  company: optionalText(LIMITS.company),
});

export const INQUIRY_KINDS = ["demo", "quote", "contact"] as const;
export type InquiryKind = (typeof INQUIRY_KINDS)[number];

/** A lead form (resource download). */
export const leadFields = () => ({ ...personFields(), resourceId: text(LIMITS.resourceId).check(z.minLength(1)) });
// A quote or a question cannot be answered without a message; a demo request can.
export const demoFields = () => ({
  ...personFields(),
  kind: z.literal("demo"),
  message: optionalText(LIMITS.message),
  preferredTime: optionalText(LIMITS.preferredTime),
});
export const requestFields = () => ({
  ...personFields(),
  kind: z.literal(["quote", "contact"]),
  message: text(LIMITS.message).check(z.minLength(1)),
});

/**
 * What the widget validates before sending: what the visitor typed (and the resource asked for).
 * One schema per form, picked by the form's kind: the chunk then ships no union code; the
 * worker's InquirySubmissionSchema is the discriminated union of both.
 */
export const leadFormSchema = () => z.object(leadFields());
export const demoFormSchema = () => z.object(demoFields());
export const requestFormSchema = () => z.object(requestFields());
