// Delivery by mail is refused, by the team API and by the collector's answer, whenever the link
// could not go out: the form must never tell a visitor "we mailed you the link" for nothing.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.ts";
import app from "../../worker/index.ts";
import { collect, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";
import { mailTo, SAMPLE_SENDER } from "./mail-helpers.ts";
import { api } from "./notify-helpers.ts";

const GUIDE = { title: "ガイド", fileUrl: "https://files.example.jp/guide.pdf" };

/** A request to the worker with some of its settings changed (a worker configured otherwise). */
async function fetchWith(vars: Partial<Env>, path: string, init: RequestInit) {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`https://collector.test${path}`, init), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely and assert their shape
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const putMail = (apiKey: string, vars: Partial<Env>) =>
  fetchWith(vars, "/v1/resources/guide", {
    method: "PUT",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ ...GUIDE, delivery: "mail" }),
  });

const collectWith = (vars: Partial<Env>, siteKey: string) =>
  fetchWith(vars, `/v1/collect/lead?site=${siteKey}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    // A new address each time: a repeat of the same lead within 24 h is a duplicate.
    body: JSON.stringify(leadBody({ resourceId: "guide", email: mailTo() })),
  });

/** A site with its sender identity and the resource `guide` delivered by mail. */
async function mailSite() {
  const site = await makeSite({ scope: "write" });
  expect((await api(site.apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER)).status).toBe(200);
  expect((await api(site.apiKey, "PUT", "/v1/resources/guide", { ...GUIDE, delivery: "mail" })).status).toBe(201);
  return site;
}

const NO_MAILER: Partial<Env> = { MAIL_BINDING_URL: "", EMAIL: undefined, MAIL_PROVIDER: "" };

describe("delivery by mail needs a sender identity and a worker that can mail the link", () => {
  it("PUT delivery mail on a site without a whole sender identity: 422 naming delivery and the missing sender field", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const none = await api(apiKey, "PUT", "/v1/resources/guide", { ...GUIDE, delivery: "mail" });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe("sender_incomplete");
    expect(none.body.error.fields).toEqual({ delivery: expect.stringContaining("senderName is not set") });

    await api(apiKey, "PATCH", "/v1/autoreply/sender", { ...SAMPLE_SENDER, footerOptout: undefined });
    const partial = await api(apiKey, "PUT", "/v1/resources/guide", { ...GUIDE, delivery: "mail" });
    expect(partial.body.error.fields).toEqual({ delivery: expect.stringContaining("footerOptout is not set") });
    expect((await api(apiKey, "GET", "/v1/resources")).body.data).toEqual([]);

    // On the page it needs nothing.
    expect((await api(apiKey, "PUT", "/v1/resources/guide", GUIDE)).status).toBe(201);
  });

  it("the sender identity cannot lose a field while a resource is delivered by mail: 409 naming the resource", async () => {
    const { apiKey } = await mailSite();
    const cleared = await api(apiKey, "PATCH", "/v1/autoreply/sender", { fromAddress: null });
    expect(cleared.status).toBe(409);
    expect(cleared.body.error.code).toBe("sender_in_use");
    expect(cleared.body.error.fields).toEqual({
      "sender.fromAddress": expect.stringContaining("while resource guide is delivered by mail"),
    });
    expect((await api(apiKey, "GET", "/v1/autoreply")).body.sender.fromAddress).toBe(SAMPLE_SENDER.fromAddress);
    // Other changes stay possible; back on the page, the identity may go.
    expect((await api(apiKey, "PATCH", "/v1/autoreply/sender", { hourlyCap: 10 })).status).toBe(200);
    expect((await api(apiKey, "PUT", "/v1/resources/guide", GUIDE)).status).toBe(200);
    expect((await api(apiKey, "PATCH", "/v1/autoreply/sender", { fromAddress: null })).status).toBe(200);
  });

  it("a worker without a mail provider, or without DOWNLOAD_LINK_SECRET or PUBLIC_URL, refuses delivery mail: 422 naming delivery", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    await api(apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER);
    const noMailer = await putMail(apiKey, NO_MAILER);
    expect(noMailer.status).toBe(422);
    expect(noMailer.body.error).toMatchObject({
      code: "mail_unavailable",
      fields: { delivery: expect.stringContaining("a mail provider") },
    });
    const noSecret = await putMail(apiKey, { DOWNLOAD_LINK_SECRET: "" });
    expect(noSecret.body.error.fields).toEqual({ delivery: expect.stringContaining("DOWNLOAD_LINK_SECRET") });
    const noUrl = await putMail(apiKey, { PUBLIC_URL: "" });
    expect(noUrl.body.error.fields).toEqual({ delivery: expect.stringContaining("PUBLIC_URL") });
    expect((await api(apiKey, "GET", "/v1/resources")).body.data).toEqual([]);
  });

  it("the collector answers page, and queues nothing, when the worker cannot mail the link", async () => {
    const { siteKey, siteId } = await mailSite();
    for (const vars of [NO_MAILER, { DOWNLOAD_LINK_SECRET: "" }, { PUBLIC_URL: "" }]) {
      const res = await collectWith(vars, siteKey);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), duplicate: false });
    }
    expect(await rows("SELECT id FROM notifications WHERE site_id = ?", siteId)).toEqual([]);
    // The same site on a worker that can: the form says the link was mailed.
    expect((await collectWith({}, siteKey)).body.delivery).toBe("mail");
  });

  it("the collector answers page when the sender identity is no longer whole (changed in D1 behind the API)", async () => {
    const { siteKey, siteId } = await mailSite();
    await env.DB.prepare("UPDATE mail_senders SET reply_to = NULL WHERE site_id = ?").bind(siteId).run();
    const res = await collect("lead", siteKey, leadBody({ resourceId: "guide" }));
    expect(await res.json()).toEqual({ id: expect.any(String), duplicate: false });
    expect(await rows("SELECT id FROM notifications WHERE site_id = ?", siteId)).toEqual([]);
  });

  it("a resource switched to mail applies to the next lead at once (the isolate's site cache is dropped)", async () => {
    const { apiKey, siteKey } = await makeSite({ scope: "write" });
    await api(apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER);
    await api(apiKey, "PUT", "/v1/resources/guide", GUIDE);
    const onPage = await collect("lead", siteKey, leadBody({ resourceId: "guide", email: mailTo() }));
    expect(await onPage.json()).not.toHaveProperty("delivery");
    await api(apiKey, "PUT", "/v1/resources/guide", { ...GUIDE, delivery: "mail" });
    const byMail = await collect("lead", siteKey, leadBody({ resourceId: "guide", email: mailTo() }));
    expect(await byMail.json()).toMatchObject({ delivery: "mail" });
  });
});
