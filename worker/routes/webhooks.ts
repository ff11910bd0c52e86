import * as z from "zod/mini";
import { newWebhookSecret } from "../../shared/webhook-signature.ts";
import {
  DeliveryListQuerySchema,
  DeliveryListSchema,
  MAX_WEBHOOKS_PER_SITE,
  maskedWebhookUrl,
  parseLocalTargets,
  QueuedDeliverySchema,
  RotateSecretQuerySchema,
  type Webhook,
  WebhookCreateSchema,
  WebhookListSchema,
  WebhookSchema,
  WebhookUpdateSchema,
  WebhookWithSecretSchema,
  webhookUrlProblem,
} from "../../shared/webhooks.ts";
import { insertDelivery, listDeliveries, resetDelivery } from "../db/deliveries.ts";
import { insertNotification } from "../db/notifications.ts";
import {
  createWebhook,
  deleteWebhook,
  findWebhook,
  listWebhooks,
  previousSecretValidUntil,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookRecord,
  type WebhookType,
} from "../db/webhooks.ts";
import type { Actor, Env } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { forgetSiteAfterWrite } from "../middleware/forget-site.ts";
import { enqueueNotification } from "../notify/enqueue.ts";
import { testPayload } from "../notify/payloads.ts";
import { isoTime } from "../present/records.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: the site's webhooks (generic signed and Slack), their delivery log, tests and redeliveries. */
export const webhooks = teamRoutes();
// Webhooks and lead settings decide the collect path's outbox row (lib/outbox-need.ts).
webhooks.use("*", forgetSiteAfterWrite);

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Whether the caller may see webhook URLs whole: admins and `write` keys, who may change them
 * anyway. A Slack URL (and many a generic one: a token in its path or query) is a credential to
 * post into the team's channel, so readers (viewers, `read` keys) see where it goes, not the URL.
 */
const seesUrls = (actor: Actor) => (actor.kind === "key" ? actor.scope === "write" : actor.role === "admin");

const toWebhook = (w: WebhookRecord, full = true): Webhook => ({
  id: w.id,
  type: w.type,
  url: full ? w.url : maskedWebhookUrl(w.url),
  urlMasked: !full,
  description: w.description,
  disabled: w.disabledAt !== null,
  previousSecretValidUntil: isoTime(previousSecretValidUntil(w)),
  createdAt: iso(w.createdAt),
  updatedAt: iso(w.updatedAt),
});

function checkUrl(env: Env, url: string | undefined, type: WebhookType) {
  const problem = url === undefined ? null : webhookUrlProblem(url, type, parseLocalTargets(env.WEBHOOK_LOCAL_TARGETS));
  if (problem) throw new ApiError(400, "invalid_body", "The webhook URL cannot be used.", { url: problem });
}

const notFound = () => new ApiError(404, "not_found", "The site has no such webhook.", { id: "no such webhook" });

const IdParam = z.object({ id: z.string().check(z.describe("The webhook's id (wh_…)")) });
const DeliveryParam = z.object({ deliveryId: z.string().check(z.describe("The delivery's id (msg_…)")) });
const tags = ["webhooks"];

webhooks.get(
  "/",
  describeRoute({
    summary: "List the site's webhooks (secrets are never listed; URLs whole only to admins and write keys)",
    tags,
    responses: { 200: { description: "Every webhook of the site.", schema: WebhookListSchema } },
  }),
  async (c) => {
    const rows = await listWebhooks(c.var.db, c.var.site.id);
    const full = seesUrls(c.var.actor);
    return c.json({ data: rows.map((w) => toWebhook(w, full)) } satisfies z.infer<typeof WebhookListSchema>);
  },
);

webhooks.post(
  "/",
  describeRoute({
    summary: "Add a webhook: a signed generic webhook (Standard Webhooks) or a Slack incoming webhook",
    description:
      "A generic webhook's signing secret (whsec_…) is in this answer only; rotate it to get a new one. URLs must be https on a public host (private, loopback and link-local addresses and localhost are refused); a Slack webhook's must be https://hooks.slack.com/services/….",
    tags,
    responses: { 201: { description: "The webhook, with its secret.", schema: WebhookWithSecretSchema } },
    errors: [409],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", WebhookCreateSchema),
  async (c) => {
    const body = c.req.valid("json");
    checkUrl(c.env, body.url, body.type);
    const secret = body.type === "webhook" ? newWebhookSecret() : null;
    const row = await createWebhook(c.var.db, { siteId: c.var.site.id, ...body, secret });
    if (!row) {
      throw new ApiError(409, "too_many_webhooks", `A site has at most ${MAX_WEBHOOKS_PER_SITE} webhooks.`, {
        url: `the site has ${MAX_WEBHOOKS_PER_SITE} webhooks already; remove one first (DELETE /v1/webhooks/{id})`,
      });
    }
    return c.json({ ...toWebhook(row), secret } satisfies z.infer<typeof WebhookWithSecretSchema>, 201);
  },
);

webhooks.patch(
  "/:id",
  describeRoute({
    summary: "Change a webhook: URL, description, or disable / enable it",
    tags,
    errors: [404],
    responses: { 200: { description: "The webhook.", schema: WebhookSchema } },
  }),
  requireRole("admin"),
  validate("param", IdParam),
  jsonBody,
  validate("json", WebhookUpdateSchema),
  async (c) => {
    const changes = c.req.valid("json");
    const { id } = c.req.valid("param");
    if (changes.url !== undefined) {
      const current = await findWebhook(c.var.db, c.var.site.id, id);
      if (!current) throw notFound();
      checkUrl(c.env, changes.url, current.type);
    }
    const row = await updateWebhook(c.var.db, c.var.site.id, id, changes);
    if (!row) throw notFound();
    return c.json(toWebhook(row));
  },
);

webhooks.delete(
  "/:id",
  describeRoute({
    summary: "Remove a webhook, with its delivery log",
    tags,
    errors: [404],
    responses: { 200: { description: "Removed.", schema: z.object({ deleted: z.literal(true) }) } },
  }),
  requireRole("admin"),
  validate("param", IdParam),
  async (c) => {
    if (!(await deleteWebhook(c.var.db, c.var.site.id, c.req.valid("param").id))) throw notFound();
    return c.json({ deleted: true as const });
  },
);

webhooks.post(
  "/:id/rotate-secret",
  describeRoute({
    summary: "Replace a generic webhook's signing secret; the old one also signs for an overlap window (24 h)",
    description:
      "Deliveries carry both signatures (space-separated in webhook-signature) until previousSecretValidUntil, " +
      "so a receiver can switch to the new secret without losing events. overlapHours=0 stops the old secret at once.",
    tags,
    errors: [404],
    responses: { 200: { description: "The webhook with its new secret.", schema: WebhookWithSecretSchema } },
  }),
  requireRole("admin"),
  validate("param", IdParam),
  validate("query", RotateSecretQuerySchema),
  async (c) => {
    const { id } = c.req.valid("param");
    const { overlapHours } = c.req.valid("query");
    const current = await findWebhook(c.var.db, c.var.site.id, id);
    if (!current) throw notFound();
    if (current.type !== "webhook") {
      throw new ApiError(400, "invalid_body", "Slack webhooks have no signing secret.", {
        id: "is a Slack webhook: its URL is the secret (add a new one to replace it)",
      });
    }
    const secret = newWebhookSecret();
    const row = await rotateWebhookSecret(c.var.db, c.var.site.id, id, secret, overlapHours);
    if (!row) throw notFound();
    return c.json({ ...toWebhook(row), secret });
  },
);

webhooks.post(
  "/:id/test",
  describeRoute({
    summary: "Send a sample event (webhook.test) to this webhook through the queue",
    tags,
    errors: [404],
    responses: { 202: { description: "Queued; read its attempts in the delivery log.", schema: QueuedDeliverySchema } },
  }),
  requireRole("admin"),
  validate("param", IdParam),
  async (c) => {
    const site = c.var.site;
    const hook = await findWebhook(c.var.db, site.id, c.req.valid("param").id);
    if (!hook) throw notFound();
    const now = Date.now();
    const payload = JSON.stringify(testPayload({ id: site.id, name: site.name }, now));
    const notificationId = await insertNotification(
      c.var.db,
      { siteId: site.id, event: "webhook.test", subjectId: null, webhookId: hook.id },
      payload,
      now,
    );
    if (!notificationId) throw new Error("test notification not stored");
    // The delivery exists before the consumer runs, so its id can be answered now (also when disabled).
    const deliveryId = await insertDelivery(c.var.db, { notificationId, webhookId: hook.id, siteId: site.id }, now);
    await enqueueNotification(c.env, { notificationId, deliveryId, siteId: site.id });
    return c.json({ notificationId, deliveryId } satisfies z.infer<typeof QueuedDeliverySchema>, 202);
  },
);

webhooks.get(
  "/:id/deliveries",
  describeRoute({
    summary: "The webhook's delivery log: each delivery with every attempt (time, status, latency, error)",
    tags,
    errors: [404],
    responses: { 200: { description: "Deliveries, newest first.", schema: DeliveryListSchema } },
  }),
  validate("param", IdParam),
  validate("query", DeliveryListQuerySchema),
  async (c) => {
    const hook = await findWebhook(c.var.db, c.var.site.id, c.req.valid("param").id);
    if (!hook) throw notFound();
    const { limit, before } = c.req.valid("query");
    const rows = await listDeliveries(c.var.db, hook.id, limit, before ? Date.parse(before) : null);
    const data = rows.map((d) => ({
      id: d.id,
      notificationId: d.notification_id,
      event: d.event,
      status: d.status,
      attempts: d.attempts,
      createdAt: iso(d.created_at),
      updatedAt: iso(d.updated_at),
      log: (
        JSON.parse(d.attempt_log) as {
          at: number;
          statusCode: number | null;
          latencyMs: number;
          error: string | null;
        }[]
      ).map((a) => ({ ...a, at: iso(a.at) })),
    }));
    return c.json({ data } satisfies z.infer<typeof DeliveryListSchema>);
  },
);

webhooks.post(
  "/deliveries/:deliveryId/redeliver",
  describeRoute({
    summary: "Send one delivery again (same webhook-id and body), through the queue",
    tags,
    errors: [404],
    responses: { 202: { description: "Queued.", schema: QueuedDeliverySchema } },
  }),
  requireRole("admin"),
  validate("param", DeliveryParam),
  async (c) => {
    const delivery = await resetDelivery(c.var.db, c.var.site.id, c.req.valid("param").deliveryId, Date.now());
    if (!delivery) {
      throw new ApiError(404, "not_found", "The site has no such delivery.", { deliveryId: "no such delivery" });
    }
    await enqueueNotification(c.env, {
      notificationId: delivery.notification_id,
      deliveryId: delivery.id,
      siteId: c.var.site.id,
    });
    return c.json({ notificationId: delivery.notification_id, deliveryId: delivery.id }, 202);
  },
);
