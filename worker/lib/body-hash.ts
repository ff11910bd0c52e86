import type { InquirySubmission } from "../../shared/schemas.ts";

/** SHA-256 of a string, as lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The idempotency fingerprint of a submission: its validated body (zod output, so key order and
 * white space do not matter) without `turnstileToken`, which a retry may legitimately renew
 * (tokens are single-use and expire after 300 s) while everything the visitor sent stays the same.
 */
export function bodyHash(body: { turnstileToken?: string }): Promise<string> {
  const { turnstileToken: _, ...rest } = body;
  return sha256Hex(JSON.stringify(rest));
}

/**
 * What decides that two inquiries of one contact and kind are the same: everything the visitor
 * typed. A repeat that differs only in preferred time (or name, company, message) is new.
 */
export function inquiryDedupeKey(inquiry: InquirySubmission): Promise<string> {
  const preferredTime = "preferredTime" in inquiry ? inquiry.preferredTime : undefined;
  return sha256Hex(
    JSON.stringify([inquiry.message ?? "", preferredTime ?? "", inquiry.name ?? "", inquiry.company ?? ""]),
  );
}
