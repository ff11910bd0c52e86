import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertApiKey } from "../../worker/db/api-keys.ts";
import { hashApiKey, newApiKey } from "../../worker/lib/keys.ts";
import { makeSite } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, receiverPath } from "./notify-helpers.ts";
import { asMember, signedInMember } from "./session-fixtures.ts";

const SLACK = "https://hooks.slack.com/services/T0ACME/B0SALES/s3cr3tT0k3n";
const CRM = "https://crm.example.com/hooks/hikiai?token=s3cr3tQu3ry";

/** A site with a write key and a read key. */
async function siteWithKeys() {
  const site = await makeSite({ scope: "write" });
  const readKey = newApiKey();
  await insertApiKey(env.DB, { siteId: site.siteId, keyHash: await hashApiKey(readKey), name: "r", scope: "read" });
  return { ...site, readKey };
}

describe("webhook URLs are credentials: whole only to admins and write keys", () => {
  it("a read key and a viewer see each URL's origin only; a write key and an admin see it whole", async () => {
    const site = await siteWithKeys();
    await addWebhook(site.apiKey, { type: "slack", url: SLACK });
    await addWebhook(site.apiKey, { url: CRM });
    const masked = [
      { url: "https://hooks.slack.com/…", urlMasked: true },
      { url: "https://crm.example.com/…", urlMasked: true },
    ];
    const whole = [
      { url: SLACK, urlMasked: false },
      { url: CRM, urlMasked: false },
    ];
    const byUrl = (list: { url: string }[]) => [...list].sort((a, b) => b.url.localeCompare(a.url));

    const asReader = await api(site.readKey, "GET", "/v1/webhooks");
    expect(byUrl(asReader.body.data)).toMatchObject(masked);
    expect(JSON.stringify(asReader.body)).not.toMatch(/s3cr3t|B0SALES|hooks\/hikiai/);

    const viewer = await signedInMember(site.siteId, "viewer");
    const asViewer = (await (await asMember(viewer.cookie, site.siteKey, "/v1/webhooks")).json()) as {
      data: { url: string }[];
    };
    expect(byUrl(asViewer.data)).toMatchObject(masked);
    expect(JSON.stringify(asViewer)).not.toMatch(/s3cr3t/);

    expect(byUrl((await api(site.apiKey, "GET", "/v1/webhooks")).body.data)).toMatchObject(whole);
    const admin = await signedInMember(site.siteId, "admin");
    const asAdmin = (await (await asMember(admin.cookie, site.siteKey, "/v1/webhooks")).json()) as {
      data: { url: string }[];
    };
    expect(byUrl(asAdmin.data)).toMatchObject(whole);
  });
});

describe("webhook routes and notification settings: another site's ids and read keys", () => {
  /** Site A with a webhook that has one delivery; site B with its own write key. */
  async function twoSites() {
    const a = await siteWithKeys();
    const path = receiverPath();
    const hook = await addWebhook(a.apiKey, { url: `${RECEIVER}${path}` });
    const test = await api(a.apiKey, "POST", `/v1/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    await eventually(
      async () => (await api(a.apiKey, "GET", `/v1/webhooks/${hook.id}/deliveries`)).body.data,
      (d: { status: string }[]) => d[0]?.status === "delivered",
    );
    const b = await siteWithKeys();
    return { a, b, hook, deliveryId: test.body.deliveryId as string };
  }

  const routes = (hookId: string, deliveryId: string) => [
    { method: "PATCH", path: `/v1/webhooks/${hookId}`, body: { description: "taken over", disabled: true } },
    { method: "POST", path: `/v1/webhooks/${hookId}/rotate-secret` },
    { method: "POST", path: `/v1/webhooks/${hookId}/test` },
    { method: "GET", path: `/v1/webhooks/${hookId}/deliveries` },
    { method: "POST", path: `/v1/webhooks/deliveries/${deliveryId}/redeliver` },
    { method: "DELETE", path: `/v1/webhooks/${hookId}` },
  ];

  it("another site's write key gets 404 for every route on A's webhook and delivery, and changes nothing", async () => {
    const { a, b, hook, deliveryId } = await twoSites();
    const before = await env.DB.prepare("SELECT * FROM webhooks WHERE id = ?").bind(hook.id).first();
    const deliveriesBefore = await env.DB.prepare("SELECT id, status, attempts FROM deliveries WHERE webhook_id = ?")
      .bind(hook.id)
      .all();
    for (const route of routes(hook.id, deliveryId)) {
      const res = await api(b.apiKey, route.method, route.path, route.body);
      expect(res.status, `${route.method} ${route.path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(await env.DB.prepare("SELECT * FROM webhooks WHERE id = ?").bind(hook.id).first()).toEqual(before);
    expect(
      (await env.DB.prepare("SELECT id, status, attempts FROM deliveries WHERE webhook_id = ?").bind(hook.id).all())
        .results,
    ).toEqual(deliveriesBefore.results);
    expect((await api(a.apiKey, "GET", "/v1/webhooks")).body.data).toHaveLength(1);
  });

  it("a read key of the same site may read the delivery log but gets 403 for every change", async () => {
    const { a, hook, deliveryId } = await twoSites();
    for (const route of routes(hook.id, deliveryId)) {
      const res = await api(a.readKey, route.method, route.path, route.body);
      const name = `${route.method} ${route.path}`;
      if (route.method === "GET") expect(res.status, name).toBe(200);
      else {
        expect(res.status, name).toBe(403);
        expect(res.body.error.code, name).toBe("insufficient_scope");
      }
    }
    const create = await api(a.readKey, "POST", "/v1/webhooks", { url: "https://x.example/h" });
    expect(create.status).toBe(403);
    expect(await env.DB.prepare("SELECT disabled_at FROM webhooks WHERE id = ?").bind(hook.id).first()).toEqual({
      disabled_at: null,
    });
  });

  it("notification settings: a read key may read but not change; a key changes only its own site's", async () => {
    const a = await siteWithKeys();
    const b = await siteWithKeys();
    const refused = await api(a.readKey, "PATCH", "/v1/notification-settings", { language: "en" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("insufficient_scope");
    expect((await api(a.readKey, "GET", "/v1/notification-settings")).status).toBe(200);

    const before = (await api(a.apiKey, "GET", "/v1/notification-settings")).body;
    const changed = await api(b.apiKey, "PATCH", "/v1/notification-settings", {
      language: before.language === "ja" ? "en" : "ja",
      notifyLeads: "all",
      stallAfterMinutes: 60,
    });
    expect(changed.status).toBe(200);
    expect((await api(a.apiKey, "GET", "/v1/notification-settings")).body).toEqual(before);
    // A's own PATCH still works: the refusal above was the scope, not the route.
    expect((await api(a.apiKey, "PATCH", "/v1/notification-settings", { notifyLeads: "returning" })).status).toBe(200);
  });
});
