// Cloudflare Turnstile's server-side check (siteverify), reduced to what the collector does next.
// https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
import { sha256Hex } from "./body-hash.ts";

/** Cloudflare's endpoint; wrangler.toml's TURNSTILE_VERIFY_URL overrides it (tests: a local stand-in). */
export const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** How long a siteverify call may take before the token counts as unverifiable. */
const TIMEOUT_MS = 5_000;

/** What siteverify answers (the fields the collector reads). */
export interface SiteverifyAnswer {
  success: boolean;
  "error-codes"?: string[];
  challenge_ts?: string;
  hostname?: string;
  action?: string;
  cdata?: string;
}

export type Verdict =
  | { ok: true }
  /** The token is missing, invalid, expired or already spent: the visitor must solve a new challenge. */
  | { ok: false; unavailable: false; reason: string }
  /** siteverify could not be asked, or refused the site's secret: nobody can pass right now. */
  | { ok: false; unavailable: true; reason: string };

// The error codes siteverify documents that a new token would fix; any other one (a bad secret,
// a bad request, an internal error) is on the collector's side.
const TOKEN_ERRORS: Record<string, string> = {
  "missing-input-response": "is required: this site uses Turnstile",
  "invalid-input-response": "is not valid: solve the challenge again",
  "timeout-or-duplicate": "has expired or was already used: solve the challenge again",
};

/**
 * The idempotency key siteverify gets for a submission's token: a UUID derived from its kind, id
 * and token, so that a retry of one submission with its token may verify it again (Cloudflare
 * answers the first result), the same token with another submission (or kind) counts as spent,
 * and the same submission with a new token (the visitor solved a new challenge after the first
 * was refused, widget "resume") is verified afresh rather than answered the first refusal.
 */
export async function idempotencyKey(kind: string, submissionId: string, token: string): Promise<string> {
  const hex = await sha256Hex(`${kind}:${submissionId}:${token}`);
  // RFC 9562 layout: version 4 and the variant bits, as Cloudflare asks for "a UUID".
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Asks siteverify about one token; never throws (an unreachable siteverify is a verdict too). */
export async function siteverify(
  url: string,
  request: { secret: string; response: string; remoteip?: string; idempotencyKey: string },
): Promise<Verdict> {
  let answer: SiteverifyAnswer;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        secret: request.secret,
        response: request.response,
        remoteip: request.remoteip,
        idempotency_key: request.idempotencyKey,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) return { ok: false, unavailable: true, reason: `siteverify answered HTTP ${res.status}` };
    answer = await res.json<SiteverifyAnswer>();
  } catch (error) {
    return { ok: false, unavailable: true, reason: `siteverify could not be reached (${String(error)})` };
  }
  if (answer.success === true) return { ok: true };
  const codes = answer["error-codes"] ?? [];
  // Only when every code is about the token: a bad secret next to a bad token is the site's fault.
  if (codes.length && codes.every((code) => code in TOKEN_ERRORS)) {
    return { ok: false, unavailable: false, reason: TOKEN_ERRORS[codes[0] as string] as string };
  }
  return { ok: false, unavailable: true, reason: `siteverify refused the request (${codes.join(", ") || "no code"})` };
}
