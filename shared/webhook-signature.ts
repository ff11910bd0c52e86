// Standard Webhooks signatures (https://www.standardwebhooks.com/): HMAC-SHA256 over
// "id.timestamp.body" with the secret's base64 bytes, sent as `webhook-signature: v1,<base64>`.
// WebCrypto only, so the worker signs and Node receivers (scripts/, tests) verify with this file.

const PREFIX = "whsec_";
const encoder = new TextEncoder();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** A new secret: `whsec_` + 24 random bytes in base64 (the format receivers' libraries expect). */
export function newWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

async function hmac(secret: string, content: string): Promise<string> {
  const raw = fromBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content))));
}

/** The `webhook-signature` header value for one message. `timestamp` is Unix seconds. */
export async function signWebhook(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  return `v1,${await hmac(secret, `${id}.${timestamp}.${body}`)}`;
}

/** Tolerance for `webhook-timestamp`, as the spec's reference libraries use (replay protection). */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

/**
 * Checks a received message: one of the space-separated `v1,` signatures matches and the
 * timestamp is within 5 minutes of `nowS`. What a receiver runs on every request.
 */
export async function verifyWebhook(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return false;
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > TIMESTAMP_TOLERANCE_S) return false;
  const expected = await signWebhook(secret, id, ts, body);
  return signature.split(" ").some((candidate) => timingSafeEqual(candidate, expected));
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
