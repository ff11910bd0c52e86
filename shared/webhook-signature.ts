// Standard Webhooks signatures (https://www.standardwebhooks.com/) through the spec's reference
// library, `standardwebhooks`, which is also what receivers use (docs/notifications.md): the
// worker signs with it, the local receiver and the tests verify with it.
import { Webhook } from "standardwebhooks";

const PREFIX = "whsec_";

/** A new secret: `whsec_` + 24 random bytes in base64 (the format receivers' libraries expect). */
export function newWebhookSecret(): string {
  return PREFIX + btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))));
}

/** The `webhook-signature` value (`v1,<base64 HMAC-SHA256>`) of one message. `timestamp` is Unix seconds. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
}

/**
 * Checks a received message as a receiver does: one of the space-separated `v1,` signatures
 * matches, and the timestamp is within 5 minutes of now (the library's replay window).
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
): boolean {
  try {
    new Webhook(secret).verify(
      body,
      {
        "webhook-id": headers.id ?? "",
        "webhook-timestamp": headers.timestamp ?? "",
        "webhook-signature": headers.signature ?? "",
      },
      { jsonParse: false },
    );
    return true;
  } catch {
    return false;
  }
}
