// One HTTP attempt of one delivery: signed JSON to a generic webhook, `{text}` to Slack.
import { signWebhook } from "../../shared/webhook-signature.ts";
import { type LocalTargets, webhookUrlProblem } from "../../shared/webhooks.ts";
import type { AttemptResult, PendingDelivery } from "../db/deliveries.ts";
import type { EventEnvelope } from "./payloads.ts";
import { type Language, slackMessage } from "./slack.ts";

/** A receiver gets this long to answer (the issue's figure; Svix and Stripe use 15–30 s). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Error texts are kept short in the log. */
const MAX_ERROR_LENGTH = 300;
/**
 * Bytes of a receiver's answer that are read; the rest is cancelled unread. A receiver (or a
 * target that is not one) may stream any amount within the timeout, and the consumer's memory
 * is shared by every delivery of its batch, other sites' included.
 */
export const MAX_RESPONSE_BYTES = 4096;

/** The start of a response body, at most `max` bytes, then the stream is cancelled. */
export async function readStart(res: Response, max = MAX_RESPONSE_BYTES): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, max - size));
      size += Math.min(value.byteLength, max - size);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Sends one delivery once and tells what happened; never throws. */
export async function attemptDelivery(
  delivery: PendingDelivery,
  event: EventEnvelope,
  payload: string,
  language: Language,
  localTargets: LocalTargets = [],
): Promise<AttemptResult> {
  const attemptedAt = Date.now();
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): AttemptResult => ({
    deliveryId: delivery.id,
    attemptedAt,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error: error?.slice(0, MAX_ERROR_LENGTH) ?? null,
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
  });
  // Judged again at each attempt: a URL stored before the rule (or while a local setting allowed
  // it) is not sent to where the rule now refuses.
  const refused = webhookUrlProblem(delivery.url, delivery.type, localTargets);
  if (refused) return done(null, `not sent: the URL ${refused}`);
  try {
    const init = await requestFor(delivery, event, payload, language, attemptedAt);
    const res = await fetch(delivery.url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    // Read a little of the answer: it explains a failure in the log; the rest is cancelled.
    const text = (await readStart(res)).slice(0, MAX_ERROR_LENGTH);
    return done(res.status, res.ok ? null : `HTTP ${res.status}${text ? `: ${text}` : ""}`);
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return done(null, timedOut ? `timed out after ${DELIVERY_TIMEOUT_MS / 1000} s` : String(err));
  }
}

async function requestFor(
  delivery: PendingDelivery,
  event: EventEnvelope,
  payload: string,
  language: Language,
  now: number,
): Promise<RequestInit> {
  if (delivery.type === "slack") {
    return {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(slackMessage(event, language)),
    };
  }
  // The timestamp is the attempt's (the spec's replay window), the id the delivery's (stable).
  const timestamp = Math.floor(now / 1000);
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "hikiai-webhooks/1",
      "webhook-id": delivery.id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatures(delivery, timestamp, payload, now),
    },
    body: payload,
  };
}

/**
 * The `webhook-signature` value: the current secret's signature and, within a rotation's overlap
 * window, the previous secret's too, space-separated as Standard Webhooks allows. A receiver
 * verifying with either secret accepts the message, so it can switch secrets at its own pace.
 */
function signatures(delivery: PendingDelivery, timestamp: number, payload: string, now: number) {
  const secrets = [delivery.secret ?? ""];
  const { previous_secret: previous, previous_secret_expires_at: until } = delivery;
  if (previous && until !== null && until > now) secrets.push(previous);
  return secrets.map((secret) => signWebhook(secret, delivery.id, timestamp, payload)).join(" ");
}
