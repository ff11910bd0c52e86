import type * as z from "zod/mini";

/** Every non-2xx answer of the API has this body. */
export type ErrorCode =
  | "invalid_body"
  | "invalid_json"
  | "invalid_query"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unknown_site"
  | "site_disabled"
  | "origin_not_allowed"
  | "unauthorized"
  | "insufficient_scope"
  | "insufficient_role"
  | "not_a_member"
  | "site_required"
  | "csrf"
  | "already_member"
  | "last_admin"
  | "submission_conflict"
  | "rate_limited"
  | "turnstile_failed"
  | "turnstile_unavailable"
  | "access_unavailable"
  | "not_found"
  | "invalid_transition"
  | "edit_conflict"
  | "sender_incomplete"
  | "sender_in_use"
  | "mail_unavailable"
  | "too_many_rules"
  | "too_many_webhooks"
  | "internal_error";

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Field (dotted path) → reason. Present on every 4xx. */
    fields?: Record<string, string>;
  };
}

/** What a field's problem is, independent of language; the widget translates these. */
export type IssueKind =
  | "required"
  | "invalid_email"
  | "invalid_url"
  | "too_long"
  | "too_short"
  | "not_allowed"
  | "invalid";

/** Reasons the API reports, in English. The widget has its own table per language. */
export const ISSUE_REASONS_EN: Record<IssueKind, string> = {
  required: "is required",
  invalid_email: "must be an e-mail address",
  invalid_url: "must be an absolute URL",
  too_long: "is too long",
  too_short: "is too short",
  not_allowed: "is not one of the allowed values",
  invalid: "is not valid",
};

type Issue = z.core.$ZodIssue;

/** The language-independent kind of a zod issue. */
export function issueKind(issue: Issue): IssueKind {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "required" : "invalid";
    case "invalid_format":
      return issue.format === "email" ? "invalid_email" : issue.format === "url" ? "invalid_url" : "invalid";
    case "too_big":
      return "too_long";
    case "too_small":
      // A trimmed empty string is "missing" to a person, not "too short" (a number is neither).
      if (issue.origin === "number") return "invalid";
      return issue.minimum === 1 ? "required" : "too_short";
    case "invalid_union":
    case "invalid_value":
      return "not_allowed";
    default:
      return "invalid";
  }
}

/**
 * The API's English reason for one issue: as specific as the issue allows ("must be at most 200",
 * "must be one of new, contacted"), and a custom issue's own message (we write all of those).
 */
export function apiReason(issue: Issue): string {
  switch (issue.code) {
    case "custom":
      return issue.message || ISSUE_REASONS_EN.invalid;
    case "invalid_type":
      // z.coerce.number() turns "abc" into NaN: the value was there, it just was not a number.
      // (zod drops the input from issues, so a missing value is only told apart by this marker.)
      if (issue.expected === "int") return "must be an integer";
      if (issue.expected === "number" && (issue as { received?: string }).received === "NaN") return "must be a number";
      break;
    case "too_small":
      if (issue.origin === "number") return `must be at least ${issue.minimum}`;
      break;
    case "too_big":
      if (issue.origin === "number") return `must be at most ${issue.maximum}`;
      break;
    case "invalid_value":
      return `must be one of ${issue.values.join(", ")}`;
    case "unrecognized_keys":
      return "is not recognised (check its spelling)";
  }
  return ISSUE_REASONS_EN[issueKind(issue)];
}

/**
 * Turns zod issues into one reason per field (first issue wins), e.g. `{ "email": "must be an
 * e-mail address" }`. The worker passes `apiReason`; the widget a lookup in its language's table
 * (so `apiReason` stays out of the widget's bytes).
 */
export function fieldErrors(issues: readonly Issue[], reason: (issue: Issue) => string) {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length ? issue.path.join(".") : "body";
    // A strict object names each unknown key as its own field.
    const names = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k].join(".")) : [field];
    for (const name of names) fields[name] ??= reason(issue);
  }
  return fields;
}
