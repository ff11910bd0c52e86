// Webhooks and notification settings in the team API: requests and answers (zod/mini), and the
// URL rule shared by the API and the CLI.
import * as z from "zod/mini";

export const WEBHOOK_TYPES = ["webhook", "slack"] as const;
export const NOTIFY_LEADS = ["off", "returning", "all"] as const;
export const LANGUAGES = ["ja", "en"] as const;

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why `url` cannot receive notifications, or null if it can: an absolute https URL; http only
 * for localhost (local development); no credentials in it (they would show in every log).
 */
export function webhookUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL, e.g. https://example.com/hooks/hikiai";
  }
  if (parsed.username || parsed.password) return "must not contain a user name or password";
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:") {
    return LOCAL_HOSTS.has(parsed.hostname) ? null : "must use https (http is allowed only for localhost)";
  }
  return `must use https, not ${parsed.protocol.replace(":", "")}`;
}

const description = z.string().check(z.maxLength(200));

export const WebhookCreateSchema = z.object({
  type: z._default(z.enum(WEBHOOK_TYPES), "webhook"),
  url: z.string().check(z.maxLength(2000), z.describe("https URL (http only for localhost)")),
  description: z.optional(description),
});

export const WebhookUpdateSchema = z.object({
  url: z.optional(z.string().check(z.maxLength(2000))),
  description: z.optional(description),
  disabled: z.optional(z.boolean()),
});

export const WebhookSchema = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_TYPES),
  url: z.string(),
  description: z.string(),
  disabled: z.boolean(),
  previousSecretValidUntil: z.nullable(
    z.iso
      .datetime()
      .check(z.describe("After a rotation: until when deliveries are also signed with the replaced secret")),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

/** Create and rotate answer with the signing secret: the only time it is shown. */
export const WebhookWithSecretSchema = z.extend(WebhookSchema, {
  secret: z.nullable(z.string().check(z.describe("whsec_…, for verifying signatures; null for Slack"))),
});

export const WebhookListSchema = z.object({ data: z.array(WebhookSchema) });

export const DeliveryAttemptSchema = z.object({
  at: z.iso.datetime(),
  statusCode: z.nullable(z.number()),
  latencyMs: z.number(),
  error: z.nullable(z.string()),
});

export const DeliverySchema = z.object({
  id: z.string().check(z.describe("The webhook-id header: the same on every attempt")),
  notificationId: z.string(),
  event: z.string(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  log: z.array(DeliveryAttemptSchema),
});

export const DeliveryListSchema = z.object({ data: z.array(DeliverySchema) });

export const DeliveryListQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 50),
  before: z.optional(z.iso.datetime().check(z.describe("Only deliveries created before this instant"))),
});

/** Hours the replaced secret keeps signing after a rotation (0–72; see worker/db/webhooks.ts). */
export const RotateSecretQuerySchema = z.object({
  overlapHours: z.optional(
    z.coerce
      .number()
      .check(
        z.int(),
        z.minimum(0),
        z.maximum(72),
        z.describe("Hours the old secret also signs (default 24; 0 stops it at once, e.g. after a leak)"),
      ),
  ),
});

/** Answer of test and redeliver: what was queued. */
export const QueuedDeliverySchema = z.object({ notificationId: z.string(), deliveryId: z.string() });

export const NotificationSettingsSchema = z.object({
  language: z.enum(LANGUAGES),
  notifyLeads: z.enum(NOTIFY_LEADS),
  stallAfterMinutes: z.number(),
  timeZone: z.string(),
  businessHours: z.string(),
});

export const NotificationSettingsUpdateSchema = z.object({
  language: z.optional(z.enum(LANGUAGES)),
  notifyLeads: z.optional(z.enum(NOTIFY_LEADS)),
  stallAfterMinutes: z.optional(z.number().check(z.int(), z.minimum(15), z.maximum(7 * 9 * 60))),
});
