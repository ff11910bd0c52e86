import type * as z from "zod/mini";
import { fieldErrors, type IssueKind, issueKind } from "../../shared/errors.ts";
import type { Lang } from "../contract.ts";
import { TEXTS } from "./i18n.ts";

export type FieldErrors = Record<string, string>;

/** Client-side zod issues as one message per field, in the visitor's language. */
export function clientFieldErrors(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldErrors {
  const reasons: Partial<Record<IssueKind, string>> & { invalid: string } = TEXTS[lang].reasons;
  return fieldErrors(issues, (issue) => reasons[issueKind(issue)] ?? reasons.invalid);
}

/**
 * The server's field errors, each as the generic "not valid" in the visitor's language. The
 * server checks the same shared schemas the form already passed, so this is rare (a newer
 * collector with stricter rules); not shipping the English-reason table keeps the chunk smaller.
 */
export function serverFieldErrors(fields: FieldErrors | undefined, lang: Lang): FieldErrors {
  const out: FieldErrors = {};
  for (const field in fields) out[field] = TEXTS[lang].reasons.invalid;
  return out;
}

/**
 * Splits errors into those shown beside a visible input and a flag for the rest (context,
 * submissionId, site…), which the visitor cannot fix and which get a form-level message.
 */
export function placeErrors(errors: FieldErrors, visible: readonly string[]): { byField: FieldErrors; other: boolean } {
  const byField: FieldErrors = {};
  let other = false;
  for (const [field, message] of Object.entries(errors)) {
    if (visible.includes(field)) byField[field] = message;
    else other = true;
  }
  return { byField, other };
}
