import { createHash } from "node:crypto";
import type { InquirySubmission } from "../../shared/schemas.ts";

/**
 * SHA-256 of a string (UTF-8), as lower-case hex. node:crypto's hash (wrangler.toml's
 * nodejs_compat) is synchronous and hex-encodes natively: on the collect path it costs less than
 * crypto.subtle's digest, whose promise and byte-by-byte hex conversion ran in JavaScript.
 */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The idempotency fingerprint of a submission: its validated body (zod output, so key order and
 * white space do not matter) without `turnstileToken`, which a retry may legitimately renew
 * (tokens are single-use and expire after 300 s) while everything the visitor sent stays the same.
 */
export function bodyHash(body: { turnstileToken?: string }): string {
  const { turnstileToken: _, ...rest } = body;
  return sha256Hex(JSON.stringify(rest));
}

/**
 * What decides that two inquiries of one contact and kind are the same: everything the visitor
 * typed. A repeat that differs only in preferred time (or name, company, message) is new.
 */
export function inquiryDedupeKey(inquiry: InquirySubmission): string {
  const preferredTime = "preferredTime" in inquiry ? inquiry.preferredTime : undefined;
  return sha256Hex(
    JSON.stringify([inquiry.message ?? "", preferredTime ?? "", inquiry.name ?? "", inquiry.company ?? ""]),
  );
}
