// Webhooks and notification settings in the team API: requests and answers (zod/mini), and the
// URL rule shared by the API and the CLI.
import * as z from "zod/mini";
import { emailSchema } from "./form-schemas.ts";

export const WEBHOOK_TYPES = ["webhook", "slack"] as const;
export const NOTIFY_LEADS = ["off", "returning", "all"] as const;
export const LANGUAGES = ["ja", "en"] as const;

/**
 * Webhooks a site may have (enabled or not): every notification goes to each, retried, so more
 * would make one submission a flood of requests from the deployment (GitHub allows 20 per event).
 */
export const MAX_WEBHOOKS_PER_SITE = 20;

/**
 * Hosts that are not on the public internet but may receive notifications anyway: the
 * local-development setting (the worker's WEBHOOK_LOCAL_TARGETS, e.g. "127.0.0.1,localhost",
 * set by `npm start` and the tests that need a local receiver). Empty in production.
 */
export type LocalTargets = readonly string[];

/** The setting's hosts: comma-separated, as URL host names (`[::1]` for IPv6). */
export const parseLocalTargets = (setting: string | undefined): LocalTargets =>
  (setting ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);

const ipv4 = (host: string) => {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  return m ? m.slice(1).map(Number) : null;
};

/** Private (RFC 1918, CGNAT, ULA), loopback, link-local, unspecified, multicast or reserved. */
function isNonPublicIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function isNonPublicIpv6(literal: string): boolean {
  const ip = literal.slice(1, -1).toLowerCase();
  if (ip === "::" || ip === "::1") return true;
  // IPv4-mapped (::ffff:a.b.c.d, which the URL parser writes as ::ffff:xxxx:xxxx) and NAT64 judged as IPv4.
  const mapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (mapped) {
    const [hi, lo] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
    return isNonPublicIpv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  const first = Number.parseInt(ip.split(":")[0] || "0", 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast, ::/8 reserved (also ::a.b.c.d).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || first === 0;
}

/** Whether `hostname` (as URL parses it) names this machine or a private network rather than a public host. */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host.startsWith("[")) return isNonPublicIpv6(host);
  const v4 = ipv4(host);
  return v4 !== null && isNonPublicIpv4(v4);
}

const SLACK_PREFIX = "https://hooks.slack.com/services/";

/**
 * What a reader is shown of a webhook URL: its origin, and "/…" for the rest. A Slack URL's path
 * is its secret, and so may be a generic URL's path or query; the host tells where it goes.
 */
export function maskedWebhookUrl(url: string): string {
  try {
    const { origin, pathname, search, hash } = new URL(url);
    return pathname === "/" && !search && !hash ? `${origin}/` : `${origin}/…`;
  } catch {
    return "…";
  }
}

/**
 * Why `url` cannot receive notifications of `type`, or null if it can: an absolute https URL
 * of a public host, without credentials (they would show in every log); a Slack webhook must
 * be a Slack incoming-webhook URL. Private, loopback and link-local addresses and localhost
 * only when `localTargets` names them (local development), then over http too.
 */
export function webhookUrlProblem(
  url: string,
  type: (typeof WEBHOOK_TYPES)[number] = "webhook",
  localTargets: LocalTargets = [],
): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL, e.g. https://example.com/hooks/hikiai";
  }
  if (parsed.username || parsed.password) return "must not contain a user name or password";
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return `must use https, not ${parsed.protocol.replace(":", "")}`;
  }
  if (isLocalHost(parsed.hostname)) {
    return localTargets.includes(parsed.hostname.toLowerCase())
      ? null
      : "must be a public host: private, loopback and link-local addresses and localhost are refused";
  }
  if (parsed.protocol !== "https:") return "must use https";
  if (type === "slack" && !parsed.href.startsWith(SLACK_PREFIX)) {
    return `must be a Slack incoming-webhook URL (${SLACK_PREFIX}…)`;
  }
  return null;
}

const description = z.string().check(z.maxLength(200));

export const WebhookCreateSchema = z.strictObject({
  type: z._default(z.enum(WEBHOOK_TYPES), "webhook"),
  url: z
    .string()
    .check(z.maxLength(2000), z.describe("https URL of a public host; for Slack, https://hooks.slack.com/services/…")),
  description: z.optional(description),
});

export const WebhookUpdateSchema = z.strictObject({
  url: z.optional(z.string().check(z.maxLength(2000))),
  description: z.optional(description),
  disabled: z.optional(z.boolean()),
});

export const WebhookSchema = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_TYPES),
  url: z.string().check(z.describe("Whole for admins and write keys; for readers only its origin, then …")),
  /** true: `url` is shown as its origin only (the caller is a viewer or has a read key). */
  urlMasked: z.boolean(),
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

/** Who of a site's members gets the daily digest by mail: nobody, its admins, every member. */
export const DIGEST_MAIL = ["off", "admins", "everyone"] as const;

export const NotificationSettingsSchema = z.object({
  language: z.enum(LANGUAGES),
  notifyLeads: z.enum(NOTIFY_LEADS),
  stallAfterMinutes: z.number(),
  timeZone: z.string(),
  businessHours: z.string(),
  /** Where a new inquiry's team mail goes when no member is assigned (null: nowhere). */
  notificationEmail: z.nullable(z.string()),
  /** Who gets the daily digest by mail, each in their language (off: nobody). */
  digestMail: z.enum(DIGEST_MAIL),
});

export const NotificationSettingsUpdateSchema = z.strictObject({
  language: z.optional(z.enum(LANGUAGES)),
  notifyLeads: z.optional(z.enum(NOTIFY_LEADS)),
  stallAfterMinutes: z.optional(z.number().check(z.int(), z.minimum(15), z.maximum(7 * 9 * 60))),
  /** null turns the team mail without an assignee off. */
  notificationEmail: z.optional(z.nullable(emailSchema())),
  digestMail: z.optional(z.enum(DIGEST_MAIL)),
});
