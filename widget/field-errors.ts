import type * as z from "zod/mini";
import type { IssueKind } from "../shared/errors.ts";
import { fieldErrors, ISSUE_REASONS_EN, issueKind } from "../shared/errors.ts";
import type { Lang } from "./i18n.ts";
import { TEXTS } from "./i18n.ts";

export type FieldErrors = Record<string, string>;

/** Client-side zod issues as one message per field, in the visitor's language. */
export function clientFieldErrors(issues: readonly z.core.$ZodIssue[], lang: Lang): FieldErrors {
  const reasons = TEXTS[lang].reasons;
  return fieldErrors(issues, (issue) => reasons[issueKind(issue)]);
}

/**
 * The server's English reasons (shared/errors.ts) translated: a reason from the shared table
 * maps back to its kind; anything else (e.g. a site or origin reason) becomes "invalid".
 */
export function serverFieldErrors(fields: FieldErrors | undefined, lang: Lang): FieldErrors {
  const reasons = TEXTS[lang].reasons;
  const kinds = Object.keys(ISSUE_REASONS_EN) as IssueKind[];
  const out: FieldErrors = {};
  for (const [field, reason] of Object.entries(fields ?? {})) {
    out[field] = reasons[kinds.find((k) => ISSUE_REASONS_EN[k] === reason) ?? "invalid"];
  }
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
