import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createWebhook } from "../../worker/db/webhooks.ts";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { inquiryBody, makeSite } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath, storeInquiry } from "./notify-helpers.ts";

type Delivery = {
  id: string;
  status: string;
  attempts: number;
  log: { statusCode: number | null; error: string | null }[];
};

const deliveries = async (apiKey: string, hookId: string) =>
  (await api(apiKey, "GET", `/v1/webhooks/${hookId}/deliveries`)).body.data as Delivery[];

/** A site with one webhook to `path` on the real receiver, and a stored inquiry to notify it of. */
async function siteNotifying(path: string) {
  const site = await makeSite({ scope: "write" });
  const hook = await addWebhook(site.apiKey, { url: `${RECEIVER}${path}` });
  // Stored without the collect route's enqueue, so only this test's batch sends it.
  const { notificationId } = await storeInquiry(site.siteId, inquiryBody(), Date.now());
  return { ...site, hook, path, notificationId: notificationId! };
}

const batchOf = (...sites: { notificationId: string }[]) =>
  createMessageBatch<NotifyMessage>(
    "hikiai-notifications",
    sites.map((s, i) => ({
      id: `m${i}`,
      timestamp: Date.now(),
      attempts: 1,
      body: { notificationId: s.notificationId },
    })),
  );

describe("a receiver's answer is read only so far, and one site's trouble stays its own", () => {
  it("a body that never ends: a few KB are read and the rest cancelled, so a 200 is delivered and a 500 logged with its start", async () => {
    const endlessOk = await siteNotifying(receiverPath("endless/200"));
    const fine = await siteNotifying(receiverPath());
    const endlessError = await siteNotifying(receiverPath("endless/500"));
    const batch = batchOf(endlessOk, fine, endlessError);
    const ctx = createExecutionContext();
    await handleQueue(batch, env as never);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m2"]);

    const [ok] = await deliveries(endlessOk.apiKey, endlessOk.hook.id);
    expect(ok).toMatchObject({ status: "delivered", attempts: 1, log: [{ statusCode: 200, error: null }] });
    const [failed] = await deliveries(endlessError.apiKey, endlessError.hook.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, log: [{ statusCode: 500 }] });
    expect(failed!.log[0]!.error).toMatch(/^HTTP 500: x{100,}$/);
    expect((await deliveries(fine.apiKey, fine.hook.id))[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("a delivery removed while it was being sent does not fail the other sites' deliveries of the batch", async () => {
    const removed = await siteNotifying(receiverPath("slow/1500"));
    const fine = await siteNotifying(receiverPath());
    const batch = batchOf(removed, fine);
    const ctx = createExecutionContext();
    const consumed = handleQueue(batch, env as never);
    // While the slow receiver holds its request, its site removes the webhook (and so the delivery).
    await eventually(
      () => received(removed.path),
      (r) => r.length === 1,
    );
    expect((await api(removed.apiKey, "DELETE", `/v1/webhooks/${removed.hook.id}`)).status).toBe(200);
    await consumed;
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
    const [delivery] = await deliveries(fine.apiKey, fine.hook.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, log: [{ statusCode: 204, error: null }] });
    expect(await received(fine.path)).toHaveLength(1);
  });

  it("a target stored before the rule (a private address) is not sent to: the attempt is logged as refused", async () => {
    const site = await makeSite({ scope: "write" });
    const hook = await createWebhook(env.DB, {
      siteId: site.siteId,
      type: "webhook",
      url: "http://10.0.0.1/hooks",
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    });
    const { notificationId } = await storeInquiry(site.siteId, inquiryBody(), Date.now());
    const batch = batchOf({ notificationId: notificationId! });
    await handleQueue(batch, env as never);
    const [delivery] = await deliveries(site.apiKey, hook!.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, log: [{ statusCode: null }] });
    expect(delivery!.log[0]!.error).toBe(
      "not sent: the URL must be a public host: private, loopback and link-local addresses and localhost are refused",
    );
  });
});
