// Secret rotation with an overlap window, end to end: the team API rotates, the queue consumer
// signs, the real local receiver (receiver-setup.ts) gets the message, and we verify what it got
// with the old and the new secret, as two receivers mid-switch would.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ReceivedWebhook } from "../../scripts/webhook-receiver.ts";
import { newWebhookSecret, verifyWebhook } from "../../shared/webhook-signature.ts";
import { makeSite } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

const HOUR = 3_600_000;

const verifies = (secret: string, m: ReceivedWebhook) =>
  verifyWebhook(secret, { id: m.id, timestamp: m.timestamp, signature: m.signature }, m.body);

/** Sends a webhook.test through the queue and returns what the receiver got for it. */
async function sendTest(apiKey: string, hookId: string, path: string) {
  const queued = await api(apiKey, "POST", `/v1/webhooks/${hookId}/test`);
  expect(queued.status).toBe(202);
  const got = await eventually(
    () => received(path),
    (r) => r.some((m) => m.id === queued.body.deliveryId),
  );
  return got.find((m) => m.id === queued.body.deliveryId)!;
}

async function setUp() {
  const { apiKey } = await makeSite({ scope: "write" });
  const path = receiverPath();
  const hook = await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
  return { apiKey, path, hook, oldSecret: hook.secret! };
}

describe("rotating a webhook secret", () => {
  it("signs with both secrets for 24 h: a receiver still on the old secret and one on the new both accept", async () => {
    const { apiKey, path, hook, oldSecret } = await setUp();
    const before = Date.now();
    const rotated = await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const until = Date.parse(rotated.body.previousSecretValidUntil);
    expect(until).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(until).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    // The list shows the window too (never the secrets).
    const listed = (await api(apiKey, "GET", "/v1/webhooks")).body.data[0];
    expect(listed.previousSecretValidUntil).toBe(rotated.body.previousSecretValidUntil);
    expect(JSON.stringify(listed)).not.toContain(oldSecret.slice(6));

    const message = await sendTest(apiKey, hook.id, path);
    expect(message.signature!.split(" ")).toHaveLength(2);
    expect(await verifies(oldSecret, message)).toBe(true);
    expect(await verifies(newSecret, message)).toBe(true);
    expect(await verifies(newWebhookSecret(), message)).toBe(false);
  });

  it("after the window only the new secret signs", async () => {
    const { apiKey, path, hook, oldSecret } = await setUp();
    const newSecret = (await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret`)).body.secret as string;
    // The window ends (as 24 h later).
    await env.DB.prepare("UPDATE webhooks SET previous_secret_expires_at = ? WHERE id = ?")
      .bind(Date.now() - 1, hook.id)
      .run();
    const message = await sendTest(apiKey, hook.id, path);
    expect(message.signature!.split(" ")).toHaveLength(1);
    expect(await verifies(newSecret, message)).toBe(true);
    expect(await verifies(oldSecret, message)).toBe(false);
    expect((await api(apiKey, "GET", "/v1/webhooks")).body.data[0].previousSecretValidUntil).toBeNull();
  });

  it("overlapHours=0 stops the old secret at once (a leaked secret)", async () => {
    const { apiKey, path, hook, oldSecret } = await setUp();
    const rotated = await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret?overlapHours=0`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecretValidUntil).toBeNull();
    const message = await sendTest(apiKey, hook.id, path);
    expect(await verifies(rotated.body.secret, message)).toBe(true);
    expect(await verifies(oldSecret, message)).toBe(false);
  });

  it("a second rotation within the window drops the first secret: only the last two sign", async () => {
    const { apiKey, path, hook, oldSecret } = await setUp();
    const second = (await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret`)).body.secret as string;
    const third = (await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret?overlapHours=2`)).body;
    const until = Date.parse(third.previousSecretValidUntil);
    expect(until - Date.now()).toBeGreaterThan(2 * HOUR - 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(2 * HOUR);
    const message = await sendTest(apiKey, hook.id, path);
    expect(await verifies(third.secret, message)).toBe(true);
    expect(await verifies(second, message)).toBe(true);
    expect(await verifies(oldSecret, message)).toBe(false);
  });

  it("refuses an overlap outside 0–72 h, naming overlapHours, and changes nothing", async () => {
    const { apiKey, path, hook, oldSecret } = await setUp();
    for (const value of ["73", "-1", "1.5", "soon"]) {
      const res = await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret?overlapHours=${value}`);
      expect(res.status, value).toBe(400);
      expect(res.body.error.fields.overlapHours, value).toBeTruthy();
    }
    const message = await sendTest(apiKey, hook.id, path);
    expect(message.signature!.split(" ")).toHaveLength(1);
    expect(await verifies(oldSecret, message)).toBe(true);
  });
});
