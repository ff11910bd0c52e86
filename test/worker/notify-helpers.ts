import { env } from "cloudflare:workers";
import { expect, inject } from "vitest";
import type { ReceivedWebhook } from "../../scripts/webhook-receiver.ts";
import type { FormKind } from "../../shared/autoreply.ts";
import type { Site } from "../../worker/env.ts";
import { call } from "./helpers.ts";

/** The real HTTP receiver started by receiver-setup.ts (Node). */
export const RECEIVER = inject("receiverUrl");

/** A fresh path on the receiver, so each test reads only its own deliveries. */
export const receiverPath = (mode = "ok") => `/${mode}/${crypto.randomUUID()}`;

/** What the receiver got under `path`, oldest first. */
export async function received(path: string): Promise<ReceivedWebhook[]> {
  const res = await fetch(`${RECEIVER}/__received?prefix=${encodeURIComponent(path)}`);
  return (await res.json()) as ReceivedWebhook[];
}

/** Polls `read` until `done` holds (the queue delivers asynchronously), then returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      expect.fail(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value).slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** POSTs a webhook through the team API; returns the answer's body (with the secret). */
export async function addWebhook(apiKey: string, body: Record<string, unknown>) {
  const res = await call("/v1/webhooks", {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; secret: string | null; type: string; url: string };
}

/** A team API call with the key, JSON in and out. */
export async function api(apiKey: string, method: string, path: string, body?: unknown) {
  const res = await call(path, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert their shape
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The site's notification rows. */
export async function notificationRows(siteId: string) {
  const { results } = await env.DB.prepare("SELECT * FROM notifications WHERE site_id = ? ORDER BY created_at")
    .bind(siteId)
    .all<{
      id: string;
      event: string;
      subject_id: string | null;
      dispatched_at: number | null;
      payload: string | null;
    }>();
  return results;
}

/** What the collect route would decide for the site's outbox row, read fresh (not from a cache). */
async function outboxOf(siteId: string, formKind: FormKind, needsOutbox = false) {
  const { withOutboxNeeds } = await import("../../worker/db/outbox-needs.ts");
  const { needsOutbox: decide } = await import("../../worker/lib/outbox-need.ts");
  const need = decide(await withOutboxNeeds(env.DB, { id: siteId } as Site), formKind);
  return { needsOutbox: needsOutbox || need.work, hasWebhook: need.webhook };
}

type Stored = { id: string; created: boolean; duplicate: boolean; notificationId?: string };

/**
 * Stores an inquiry at `now` through the db module (no collect route, so nothing is enqueued);
 * `needsOutbox` as the site cache says for a site with routing rules.
 */
export async function storeInquiry(
  siteId: string,
  body: Record<string, unknown>,
  now: number,
  needsOutbox = false,
): Promise<Stored> {
  const { recordInquiry } = await import("../../worker/db/inquiries.ts");
  const { bodyHash, inquiryDedupeKey } = await import("../../worker/lib/body-hash.ts");
  const inquiry = body as never;
  const meta = {
    siteId,
    kind: "inquiry" as const,
    submissionId: body.submissionId as string,
    bodyHash: await bodyHash(body),
    // As the collect route keeps them on the submission.
    name: body.name as string | undefined,
    company: body.company as string | undefined,
    ...(await outboxOf(siteId, body.kind as FormKind, needsOutbox)),
  };
  const outcome = await recordInquiry(env.DB, meta, inquiry, await inquiryDedupeKey(inquiry), now);
  if (outcome.conflict) throw new Error("submission conflict");
  return outcome;
}

/** Stores a lead at `now` through the db module. */
export async function storeLead(siteId: string, body: Record<string, unknown>, now: number): Promise<Stored> {
  const { recordLead } = await import("../../worker/db/leads.ts");
  const { bodyHash } = await import("../../worker/lib/body-hash.ts");
  const meta = {
    siteId,
    kind: "lead" as const,
    submissionId: body.submissionId as string,
    bodyHash: await bodyHash(body),
    // As the collect route keeps them on the submission.
    name: body.name as string | undefined,
    company: body.company as string | undefined,
    ...(await outboxOf(siteId, "download")),
  };
  const outcome = await recordLead(env.DB, meta, body as never, now);
  if (outcome.conflict) throw new Error("submission conflict");
  return outcome;
}
