import { describe, expect, it } from "vitest";
import { verifyWebhook } from "../../shared/webhook-signature.ts";
import { collect, inquiryBody, makeSite } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

describe("webhooks API", () => {
  it("refuses a URL that is not https, naming the field and the reason", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const cases: [string, string][] = [
      ["http://hooks.example.com/x", "must use https"],
      ["ftp://hooks.example.com/x", "must use https, not ftp"],
      ["hooks.example.com/x", "must be an absolute URL, e.g. https://example.com/hooks/hikiai"],
      ["https://user:pw@hooks.example.com/x", "must not contain a user name or password"],
    ];
    for (const [url, reason] of cases) {
      const res = await api(apiKey, "POST", "/v1/webhooks", { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_body", fields: { url: reason } });
    }
    const bad = await api(apiKey, "POST", "/v1/webhooks", { url: "https://x.example", type: "teams" });
    expect(bad.body.error.fields).toEqual({ type: "must be one of webhook, slack" });
  });

  it("refuses private, loopback and link-local targets and localhost, on create and on change; only the local setting's hosts pass", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const local = [
      "http://localhost:9/x",
      "https://localhost/x",
      "https://app.localhost/x",
      "https://127.0.0.2/x",
      "https://10.0.0.5/x",
      "https://172.16.3.4/x",
      "https://192.168.1.1/x",
      "http://169.254.169.254/latest/meta-data/",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://167772161/x", // 10.0.0.1 written as one number
      "https://[::1]/x",
      "https://[fe80::1]/x",
      "https://[fd00::1]/x",
      "https://[::ffff:10.0.0.1]/x",
    ];
    const reason = "must be a public host: private, loopback and link-local addresses and localhost are refused";
    for (const url of local) {
      const res = await api(apiKey, "POST", "/v1/webhooks", { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({ code: "invalid_body", fields: { url: reason } });
    }
    const hook = await addWebhook(apiKey, { url: "https://hooks.example.com/a" });
    const moved = await api(apiKey, "PATCH", `/v1/webhooks/${hook.id}`, { url: "https://192.168.0.10/a" });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields).toEqual({ url: reason });
    // The tests' WEBHOOK_LOCAL_TARGETS names 127.0.0.1 (the real receiver), so that one host passes.
    expect((await api(apiKey, "POST", "/v1/webhooks", { url: `${RECEIVER}/x` })).status).toBe(201);
  });

  it("a Slack webhook must be a Slack incoming-webhook URL", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const reason = "must be a Slack incoming-webhook URL (https://hooks.slack.com/services/…)";
    for (const url of [
      "https://example.com/x",
      "https://hooks.slack.com.evil.example/services/T/B/X",
      "https://hooks.slack.com/other/T",
    ]) {
      const res = await api(apiKey, "POST", "/v1/webhooks", { type: "slack", url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.fields).toEqual({ url: reason });
    }
    const slack = await addWebhook(apiKey, { type: "slack", url: "https://hooks.slack.com/services/T0/B0/XYZ" });
    const moved = await api(apiKey, "PATCH", `/v1/webhooks/${slack.id}`, { url: "https://example.com/x" });
    expect(moved.body.error.fields).toEqual({ url: reason });
    // A generic webhook may point anywhere public.
    expect((await api(apiKey, "POST", "/v1/webhooks", { url: "https://example.com/x" })).status).toBe(201);
  });

  it("shows the secret once: on create and rotate, never in the list", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const hook = await addWebhook(apiKey, { url: "https://hooks.example.com/a", description: "CRM" });
    expect(hook.secret).toMatch(/^whsec_/);
    const slack = await addWebhook(apiKey, { type: "slack", url: "https://hooks.slack.com/services/T/B/X" });
    expect(slack.secret).toBeNull();
    const list = await api(apiKey, "GET", "/v1/webhooks");
    expect(list.body.data).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    expect(list.body.data[0]).toMatchObject({ id: hook.id, type: "webhook", description: "CRM", disabled: false });

    const rotated = await api(apiKey, "POST", `/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const slackRotate = await api(apiKey, "POST", `/v1/webhooks/${slack.id}/rotate-secret`);
    expect(slackRotate.status).toBe(400);
    expect(slackRotate.body.error.fields.id).toMatch(/Slack/);
  });

  it("a read-only key may list but not change (403 naming the scope)", async () => {
    const { apiKey } = await makeSite({ scope: "read" });
    expect((await api(apiKey, "GET", "/v1/webhooks")).status).toBe(200);
    const res = await api(apiKey, "POST", "/v1/webhooks", { url: "https://hooks.example.com/a" });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "insufficient_scope", fields: { authorization: expect.any(String) } });
  });

  it("a disabled webhook receives nothing; removing it answers 404 afterwards; other sites see none of it", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const off = receiverPath();
    const on = receiverPath();
    const disabled = await addWebhook(apiKey, { url: `${RECEIVER}${off}` });
    await addWebhook(apiKey, { url: `${RECEIVER}${on}` });
    const patched = await api(apiKey, "PATCH", `/v1/webhooks/${disabled.id}`, { disabled: true });
    expect(patched.body).toMatchObject({ disabled: true });
    await collect("inquiry", siteKey, inquiryBody());
    await eventually(
      () => received(on),
      (r) => r.length === 1,
    );
    expect(await received(off)).toEqual([]);

    const other = await makeSite({ scope: "write" });
    expect((await api(other.apiKey, "DELETE", `/v1/webhooks/${disabled.id}`)).status).toBe(404);
    expect((await api(apiKey, "DELETE", `/v1/webhooks/${disabled.id}`)).status).toBe(200);
    expect((await api(apiKey, "DELETE", `/v1/webhooks/${disabled.id}`)).status).toBe(404);
    expect((await api(apiKey, "GET", "/v1/webhooks")).body.data).toHaveLength(1);
  }, 20_000);

  it("a site has at most 20 webhooks (each notification goes to every one): the 21st is 409 naming url, two at once cannot pass it", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const other = await makeSite({ scope: "write" });
    const add = (key: string, n: number) => api(key, "POST", "/v1/webhooks", { url: `https://hooks.example.com/${n}` });
    for (let n = 1; n <= 19; n++) expect((await add(apiKey, n)).status).toBe(201);
    const racing = await Promise.all([add(apiKey, 20), add(apiKey, 21)]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = await add(apiKey, 22);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "too_many_webhooks",
      fields: { url: expect.stringContaining("the site has 20 webhooks already") },
    });
    const { data } = (await api(apiKey, "GET", "/v1/webhooks")).body as { data: { id: string }[] };
    expect(data).toHaveLength(20);
    // Another site's count is its own; one removed makes room again.
    expect((await add(other.apiKey, 1)).status).toBe(201);
    expect((await api(apiKey, "DELETE", `/v1/webhooks/${data[0]!.id}`)).status).toBe(200);
    expect((await add(apiKey, 23)).status).toBe(201);
  });

  it("POST …/test sends a signed sample; POST …/redeliver sends the same delivery again", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    const hook = await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    const test = await api(apiKey, "POST", `/v1/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    const [first] = await eventually(
      () => received(path),
      (r) => r.length === 1,
    );
    expect(first!.id).toBe(test.body.deliveryId);
    expect(JSON.parse(first!.body).type).toBe("webhook.test");
    const check = (m: typeof first) =>
      verifyWebhook(hook.secret!, { id: m!.id, timestamp: m!.timestamp, signature: m!.signature }, m!.body);
    expect(await check(first)).toBe(true);

    const again = await api(apiKey, "POST", `/v1/webhooks/deliveries/${test.body.deliveryId}/redeliver`);
    expect(again.status).toBe(202);
    const both = await eventually(
      () => received(path),
      (r) => r.length === 2,
    );
    expect(both[1]!.id).toBe(first!.id);
    expect(both[1]!.body).toBe(first!.body);
    expect(await check(both[1])).toBe(true);

    const log = await eventually(
      () => api(apiKey, "GET", `/v1/webhooks/${hook.id}/deliveries`),
      (r) => r.body.data[0]?.attempts === 2,
    );
    expect(log.body.data[0]).toMatchObject({ id: first!.id, event: "webhook.test", status: "delivered" });
    expect(log.body.data[0].log).toHaveLength(2);
    expect(log.body.data[0].log[0]).toMatchObject({ statusCode: 204, error: null, latencyMs: expect.any(Number) });

    const missing = await api(apiKey, "POST", "/v1/webhooks/deliveries/msg_nope/redeliver");
    expect(missing.status).toBe(404);
    expect(missing.body.error.fields).toEqual({ deliveryId: "no such delivery" });
  }, 20_000);

  it("notification settings: read, change, and a clear 400", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const read = await api(apiKey, "GET", "/v1/notification-settings");
    expect(read.body).toMatchObject({
      language: "ja",
      notifyLeads: "off",
      stallAfterMinutes: 240,
      timeZone: "Asia/Tokyo",
    });
    const changed = await api(apiKey, "PATCH", "/v1/notification-settings", {
      language: "en",
      notifyLeads: "returning",
    });
    expect(changed.body).toMatchObject({ language: "en", notifyLeads: "returning", stallAfterMinutes: 240 });
    const bad = await api(apiKey, "PATCH", "/v1/notification-settings", { notifyLeads: "hot", stallAfterMinutes: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["notifyLeads", "stallAfterMinutes"]);
  });
});
