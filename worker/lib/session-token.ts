// Tokens of sign-in links and sessions: 32 random bytes, base64url (43 characters). Only their
// SHA-256 is stored, the same plain hash as API keys (lib/keys.ts): 256 random bits leave
// nothing to brute-force, and a lookup stays one primary-key hit.
import { hashApiKey } from "./keys.ts";

/** A well-formed token; anything else is refused before any D1 read. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new random token (sign-in link or session). */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** The hash under which a token is stored. */
export const hashToken = (token: string): Promise<string> => hashApiKey(token);
