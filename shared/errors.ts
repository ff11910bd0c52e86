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
  | "not_found"
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

function issueKind(issue: Issue): IssueKind {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null ? "required" : "invalid";
    case "invalid_format":
      return issue.format === "email" ? "invalid_email" : issue.format === "url" ? "invalid_url" : "invalid";
    case "too_big":
      return "too_long";
    case "too_small":
      // A trimmed empty string is "missing" to a person, not "too short".
      return issue.minimum === 1 ? "required" : "too_short";
    case "invalid_union":
    case "invalid_value":
      return "not_allowed";
    default:
      return "invalid";
  }
}

/**
 * Turns zod issues into one reason per field (first issue wins), e.g. `{ "email": "must be an
 * e-mail address" }`. `reasons` picks the language; the worker uses English.
 */
export function fieldErrors(issues: readonly Issue[], reasons: Record<IssueKind, string> = ISSUE_REASONS_EN) {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length ? issue.path.join(".") : "body";
    fields[field] ??= reasons[issueKind(issue)];
  }
  return fields;
}
