import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody, ErrorCode } from "../../shared/errors.ts";

/** An expected failure, answered with the API's error envelope. Throw it from anywhere. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(status, { message });
  }
}

/** Hono's `onError`: ApiError → its envelope; anything else is logged and hidden behind a 500. */
export function renderError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message, fields: err.fields } };
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx (none expected on our routes): keep the status, use our envelope.
    const body: ErrorBody = { error: { code: "invalid_body", message: err.message, fields: { body: err.message } } };
    return c.json(body, err.status);
  }
  console.error("unhandled error", err);
  const body: ErrorBody = { error: { code: "internal_error", message: "Something went wrong on our side." } };
  return c.json(body, 500);
}

/** Hono's `notFound`. */
export function renderNotFound(c: Context): Response {
  const path = new URL(c.req.url).pathname;
  const body: ErrorBody = {
    error: { code: "not_found", message: `No route ${c.req.method} ${path}.`, fields: { path: "no such route" } },
  };
  return c.json(body, 404);
}

/** 404 for a record id the key's site does not have (another site's record looks the same). */
export const notFound = (record: string, id: string) =>
  new ApiError(404, "not_found", `No ${record} ${id} on this site.`, { id: `no ${record} with this id on this site` });
