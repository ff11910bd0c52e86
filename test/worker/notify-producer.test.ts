import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../shared/webhook-signature.ts";
import type { Env } from "../../worker/env.ts";
import { app } from "../../worker/index.ts";
import { collect, inquiryBody, leadBody, makeSite, ORIGIN } from "./helpers.ts";
import { addWebhook, api, eventually, notificationRows, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

describe("a new inquiry notifies through the outbox and the queue", () => {
  it("writes one outbox row with the inquiry and delivers one signed webhook", async () => {
    const { siteKey, siteId, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    const hook = await addWebhook(apiKey, { url: `${RECEIVER}${path}` });

    const res = await collect("inquiry", siteKey, inquiryBody());
    expect(res.status).toBe(201);
    const { id: inquiryId } = (await res.json()) as { id: string };

    const rows = await notificationRows(siteId);
    expect(rows.map((r) => [r.event, r.subject_id])).toEqual([["inquiry.created", inquiryId]]);

    const [got] = await eventually(
      () => received(path),
      (r) => r.length >= 1,
    );
    expect(got?.id).toMatch(/^msg_/);
    expect(
      await verifyWebhook(
        hook.secret!,
        { id: got!.id, timestamp: got!.timestamp, signature: got!.signature },
        got!.body,
      ),
    ).toBe(true);
    const event = JSON.parse(got!.body);
    expect(event.type).toBe("inquiry.created");
    expect(event.data.inquiry).toMatchObject({ id: inquiryId, kind: "demo", message: "来週デモをお願いします" });
    expect(event.data.inquiry.contact).toMatchObject({ email: "hanako@example.jp", company: "株式会社サンプル" });
  }, 20_000);
});

describe("inquiries arriving together", () => {
  it("share one queue send (sendBatch) after the commit, and each is delivered once", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    // The real local queue, with its producer calls counted.
    const sends: number[] = [];
    const queue = env.NOTIFY_QUEUE;
    const counted = {
      send(...args: Parameters<typeof queue.send>) {
        sends.push(1);
        return queue.send(...args);
      },
      sendBatch(...args: Parameters<typeof queue.sendBatch>) {
        sends.push([...args[0]].length);
        return queue.sendBatch(...args);
      },
    };
    // Half a second for the messages to gather (20 ms in production), so that the five requests
    // land in one window however slow the machine is.
    const testEnv = { ...env, NOTIFY_QUEUE: counted, NOTIFY_SEND_WINDOW_MS: "500" } as unknown as Env;
    const work: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void work.push(p), passThroughOnException() {}, props: {} };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.fetch(
          new Request(`https://collector.test/v1/collect/inquiry?site=${siteKey}`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: ORIGIN },
            body: JSON.stringify(
              inquiryBody({ submissionId: crypto.randomUUID(), message: `一緒に ${Math.random()}` }),
            ),
          }),
          testEnv,
          ctx as unknown as ExecutionContext,
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    await Promise.all(work);
    expect(sends).toEqual([5]);
    const got = await eventually(
      () => received(path),
      (r) => r.length >= 5,
    );
    expect(new Set(got.map((r) => r.id)).size).toBe(5);
  }, 20_000);
});

describe("what does not notify", () => {
  it("a replay and a repeat within 24 h write no second row and deliver nothing more", async () => {
    const { siteKey, siteId, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    const body = inquiryBody();
    expect((await collect("inquiry", siteKey, body)).status).toBe(201);
    expect((await collect("inquiry", siteKey, body)).status).toBe(200); // same submission id
    expect((await collect("inquiry", siteKey, { ...body, submissionId: crypto.randomUUID() })).status).toBe(200);

    expect(await notificationRows(siteId)).toHaveLength(1);
    await eventually(
      () => received(path),
      (r) => r.length >= 1,
    );
    // Time for a wrongly queued second message to arrive (batches flush every second).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const ids = new Set((await received(path)).map((r) => r.id));
    expect(ids.size).toBe(1);
  }, 20_000);

  it("a site with no enabled webhook writes no row (nothing to deliver)", async () => {
    const { siteKey, siteId, apiKey } = await makeSite({ scope: "write" });
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);
    const hook = await addWebhook(apiKey, { url: "https://hooks.example.com/a" });
    await api(apiKey, "PATCH", `/v1/webhooks/${hook.id}`, { disabled: true });
    expect((await collect("inquiry", siteKey, inquiryBody({ message: "別件です" }))).status).toBe(201);
    expect(await notificationRows(siteId)).toEqual([]);
  });

  it("a refused request writes no row", async () => {
    const { siteKey, siteId } = await makeSite();
    const res = await collect("inquiry", siteKey, inquiryBody(), { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await notificationRows(siteId)).toEqual([]);
  });
});

describe("leads notify only where the site opts in", () => {
  const setLeads = (siteId: string, mode: string) =>
    env.DB.prepare("UPDATE sites SET notify_leads = ? WHERE id = ?").bind(mode, siteId).run();
  /** A site with a webhook (to an address nobody listens on: only the outbox rows matter here). */
  const siteWithWebhook = async () => {
    const site = await makeSite({ scope: "write" });
    await addWebhook(site.apiKey, { url: "https://hooks.example.invalid/leads" });
    return site;
  };

  it("off (the default): no row for a new lead", async () => {
    const { siteKey, siteId } = await siteWithWebhook();
    expect((await collect("lead", siteKey, leadBody())).status).toBe(201);
    expect(await notificationRows(siteId)).toEqual([]);
  });

  it("all: every new lead, but not a repeat download within 24 h", async () => {
    const { siteKey, siteId } = await siteWithWebhook();
    await setLeads(siteId, "all");
    const first = (await (await collect("lead", siteKey, leadBody())).json()) as { id: string };
    // The same resource again: a repeat, counted on the first lead (answered as a new lead is).
    expect(await (await collect("lead", siteKey, leadBody())).json()).toEqual({ id: first.id, duplicate: false });
    const rows = await notificationRows(siteId);
    expect(rows.map((r) => [r.event, r.subject_id])).toEqual([["lead.created", first.id]]);
  });

  it("returning: only a lead by a contact who had downloaded or asked before", async () => {
    const { siteKey, siteId } = await siteWithWebhook();
    await setLeads(siteId, "returning");
    await collect("lead", siteKey, leadBody({ email: "new@example.jp" }));
    expect(await notificationRows(siteId)).toEqual([]);
    const second = (await (
      await collect("lead", siteKey, leadBody({ email: "new@example.jp", resourceId: "price-list" }))
    ).json()) as {
      id: string;
    };
    await collect("inquiry", siteKey, inquiryBody({ email: "asker@example.jp" }));
    const third = (await (await collect("lead", siteKey, leadBody({ email: "asker@example.jp" }))).json()) as {
      id: string;
    };
    const leadRows = (await notificationRows(siteId)).filter((r) => r.event === "lead.created");
    expect(leadRows.map((r) => r.subject_id)).toEqual([second.id, third.id]);
  });
});

describe("erasure", () => {
  it("erasing a person removes the notifications about them (their payload holds name and e-mail)", async () => {
    const { siteKey, siteId, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    await collect("inquiry", siteKey, inquiryBody({ email: "gone@example.jp" }));
    await collect("inquiry", siteKey, inquiryBody({ email: "stays@example.jp" }));
    await eventually(
      () => received(path),
      (r) => r.length === 2,
    );
    const erased = await api(apiKey, "POST", "/v1/personal-data/erase", { email: "gone@example.jp" });
    expect(erased.status).toBe(200);
    const rows = await notificationRows(siteId);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toContain("stays@example.jp");
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE site_id = ?")
      .bind(siteId)
      .all();
    expect(results[0]).toEqual({ n: 1 });
  }, 20_000);
});
