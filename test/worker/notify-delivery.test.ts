import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../shared/webhook-signature.ts";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { collect, inquiryBody, makeSite } from "./helpers.ts";
import {
  addWebhook,
  api,
  eventually,
  notificationRows,
  RECEIVER,
  received,
  receiverPath,
  storeInquiry,
} from "./notify-helpers.ts";

type Delivery = {
  id: string;
  status: string;
  attempts: number;
  log: { statusCode: number | null; error: string | null; latencyMs: number }[];
};

const deliveries = async (apiKey: string, hookId: string) =>
  (await api(apiKey, "GET", `/v1/webhooks/${hookId}/deliveries`)).body.data as Delivery[];

describe("retries through the queue", () => {
  it("a receiver failing its first 2 attempts gets the same webhook-id 3 times; the log shows each attempt", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath("fail-first/2");
    const hook = await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);

    const got = await eventually(
      () => received(path),
      (r) => r.some((m) => m.answered === 204),
    );
    expect(got.map((m) => m.answered)).toEqual([500, 500, 204]);
    expect(new Set(got.map((m) => m.id)).size).toBe(1);
    // The queue waited the retry delays (NOTIFY_RETRY_DELAYS "1,2,0" in the tests) between attempts.
    expect(got[1]!.receivedAt - got[0]!.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(got[2]!.receivedAt - got[1]!.receivedAt).toBeGreaterThanOrEqual(2000);
    for (const m of got) {
      expect(
        await verifyWebhook(hook.secret!, { id: m.id, timestamp: m.timestamp, signature: m.signature }, m.body),
      ).toBe(true);
    }
    const [delivery] = await eventually(
      () => deliveries(apiKey, hook.id),
      (d) => d[0]?.status === "delivered",
    );
    expect(delivery).toMatchObject({ id: got[0]!.id, status: "delivered", attempts: 3 });
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([500, 500, 204]);
    expect(delivery!.log[0]!.error).toMatch(/HTTP 500/);
  }, 20_000);

  it("after 6 failed attempts the message goes to the dead-letter queue and the delivery is failed", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath("status/503");
    const hook = await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    await collect("inquiry", siteKey, inquiryBody());

    const [delivery] = await eventually(
      () => deliveries(apiKey, hook.id),
      (d) => d[0]?.status === "failed",
      30_000,
    );
    expect(delivery!.attempts).toBe(6); // max_retries = 5 in wrangler.toml
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(await received(path)).toHaveLength(6);
  }, 40_000);

  it("the consumer retries a message whose send failed and acks one that was delivered", async () => {
    const { siteId, apiKey } = await makeSite({ scope: "write" });
    await addWebhook(apiKey, { url: `${RECEIVER}${receiverPath("status/500")}` });
    const ok = await makeSite({ scope: "write" });
    await addWebhook(ok.apiKey, { url: `${RECEIVER}${receiverPath()}` });
    // Stored without the collect route's enqueue, so only this test's batch sends them.
    const failing = await storeInquiry(siteId, inquiryBody(), Date.now());
    const fine = await storeInquiry(ok.siteId, inquiryBody(), Date.now());

    const batch = createMessageBatch<NotifyMessage>("hikiai-notifications", [
      { id: "m1", timestamp: Date.now(), attempts: 1, body: { notificationId: failing.notificationId! } },
      { id: "m2", timestamp: Date.now(), attempts: 3, body: { notificationId: failing.notificationId! } },
      { id: "m3", timestamp: Date.now(), attempts: 1, body: { notificationId: fine.notificationId! } },
    ]);
    const ctx = createExecutionContext();
    await handleQueue(batch, env as never);
    // (The test harness records retries without their delay; the delays are seen in the test above.)
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m1", "m2"]);
    expect(result.explicitAcks).toEqual(["m3"]);
  });

  it("an undispatched row whose send was lost is re-enqueued by the cron sweep, after a grace period", async () => {
    const { siteId, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    const now = Date.now();
    // Committed with its outbox row, but never sent to the queue: what a lost send leaves behind.
    const outcome = await storeInquiry(siteId, inquiryBody(), now);
    expect(outcome.notificationId).toBeTruthy();

    const { runScheduled } = await import("./notify-cron-helpers.ts");
    // (Only inquiry events count here: the real clock may make the same cron run send a digest.)
    const inquiryEvents = async () =>
      (await received(path)).filter((m) => JSON.parse(m.body).type === "inquiry.created");
    await runScheduled(now + 60_000); // within the 2 min grace: the send may still be on its way
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await inquiryEvents()).toEqual([]);

    await runScheduled(now + 3 * 60_000);
    const got = await eventually(inquiryEvents, (r) => r.length >= 1);
    expect(JSON.parse(got[0]!.body).data.inquiry.id).toBe(outcome.id);
    const [row] = await notificationRows(siteId);
    expect(row?.dispatched_at).not.toBeNull();
  }, 20_000);
});
