// Delivery by mail is refused, by the team API and by the collector's answer, whenever the link
// could not go out: the form must never tell a visitor "we mailed you the link" for nothing.
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../worker/env.ts";
import app from "../../worker/index.ts";
import { LINK_AGAIN_AFTER_MS } from "../../worker/mail/by-mail.ts";
import { handleQueue, NOTIFY_QUEUE } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/message.ts";
import { call, collect, inquiryBody, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";
import { mailbox, mailTo, SAMPLE_SENDER, waitForMail } from "./mail-helpers.ts";
import { api, eventually } from "./notify-helpers.ts";
import { SELF_ORIGIN } from "./session-fixtures.ts";

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
      expect(res.body).toEqual({ id: expect.any(String), duplicate: false, fileUrl: GUIDE.fileUrl });
    }
    expect(await rows("SELECT id FROM notifications WHERE site_id = ?", siteId)).toEqual([]);
    // The same site on a worker that can: the form says the link was mailed.
    expect((await collectWith({}, siteKey)).body.delivery).toBe("mail");
  });

  it("the collector answers page when the sender identity is no longer whole (changed in D1 behind the API)", async () => {
    const { siteKey, siteId } = await mailSite();
    await env.DB.prepare("UPDATE mail_senders SET reply_to = NULL WHERE site_id = ?").bind(siteId).run();
    const res = await collect("lead", siteKey, leadBody({ resourceId: "guide" }));
    expect(await res.json()).toEqual({ id: expect.any(String), duplicate: false, fileUrl: GUIDE.fileUrl });
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

// The queue consumer mails a visitor at most 3 times per site per inbox in 24 h, the site at most
// its hourly cap, and never a suppressed address: the collector reads the same before it answers
// "mail", so the visitor past them is told to download from the page instead.
describe("the collector answers page when the consumer would not mail the link", () => {
  /** mailSite() with the resources `doc1`…`docN` delivered by mail too: a visitor asking for several. */
  async function manyResources(count: number, hourlyCap?: number) {
    const site = await mailSite();
    if (hourlyCap) expect((await api(site.apiKey, "PATCH", "/v1/autoreply/sender", { hourlyCap })).status).toBe(200);
    for (let i = 1; i <= count; i++) {
      const res = await api(site.apiKey, "PUT", `/v1/resources/doc${i}`, { ...GUIDE, delivery: "mail" });
      expect(res.status).toBe(201);
    }
    return site;
  }

  /** A lead of `resourceId` by `email`: 201 when new, 200 when a repeat. */
  const ask = async (siteKey: string, resourceId: string, email: string, status = 201) => {
    const res = await collect("lead", siteKey, leadBody({ resourceId, email }));
    expect(res.status).toBe(status);
    return (await res.json()) as { id: string; duplicate: boolean; delivery?: "mail"; fileUrl?: string };
  };

  /** Another sub-address of `to`'s inbox (mailTo gives `play+id@…`): the caps count them as one. */
  const sameInbox = (to: string, tag: string) => to.replace(/\+[^@]*@/, `+${tag}@`);

  const outboxRows = (siteId: string) => rows("SELECT id FROM notifications WHERE site_id = ?", siteId);

  it("a visitor's fourth resource by mail in a day (one inbox, whatever sub-address): page, stored, nothing queued", async () => {
    const { siteKey, siteId } = await manyResources(4);
    const to = mailTo();
    for (let i = 1; i <= 3; i++) {
      const answer = await ask(siteKey, `doc${i}`, sameInbox(to, `n${i}`));
      expect(answer.delivery).toBe("mail");
      // Settled in the mail log before the next: the collector counts what the consumer claimed.
      await waitForMail(sameInbox(to, `n${i}`));
    }
    const fourth = await ask(siteKey, "doc4", sameInbox(to, "n4"));
    // The page gets the registry's file (an inline form has no link of its own).
    expect(fourth).toEqual({ id: expect.any(String), duplicate: false, fileUrl: GUIDE.fileUrl });
    expect(await rows("SELECT resource_id FROM leads WHERE id = ?", fourth.id)).toEqual([{ resource_id: "doc4" }]);
    // No outbox row for the fourth (the site has no webhook): no mail will be attempted for it.
    expect(await outboxRows(siteId)).toHaveLength(3);
    // Another inbox of the same domain still gets its link.
    const other = mailTo();
    expect((await ask(siteKey, "doc4", other)).delivery).toBe("mail");
    expect(await waitForMail(other)).toHaveLength(1);
  });

  it("the inquiry auto-replies an inbox got count with its links", async () => {
    const { apiKey, siteKey } = await manyResources(1);
    expect((await api(apiKey, "PATCH", "/v1/autoreply/contact", { enabled: true })).status).toBe(200);
    const to = mailTo();
    for (let i = 1; i <= 3; i++) {
      const res = await collect("inquiry", siteKey, inquiryBody({ email: to, kind: "contact", message: `#${i}` }));
      expect(res.status).toBe(201);
      await waitForMail(to, i);
    }
    expect(await ask(siteKey, "doc1", to)).not.toHaveProperty("delivery");
  });

  it("an address the site no longer mails (it bounced): page", async () => {
    const { siteKey, siteId } = await manyResources(1);
    const to = mailTo("suppressed");
    // The first is promised: nothing was known of the address yet; its attempt suppresses it.
    expect((await ask(siteKey, "guide", to)).delivery).toBe("mail");
    await eventually(
      () => rows("SELECT reason FROM mail_suppressions WHERE site_id = ?", siteId),
      (r) => r.length === 1,
    );
    expect(await ask(siteKey, "doc1", to)).not.toHaveProperty("delivery");
  });

  it("the site's hourly cap reached: page for everyone until it has room", async () => {
    const { siteKey } = await manyResources(0, 2);
    for (const to of [mailTo(), mailTo()]) {
      expect((await ask(siteKey, "guide", to)).delivery).toBe("mail");
      await waitForMail(to);
    }
    expect(await ask(siteKey, "guide", mailTo())).not.toHaveProperty("delivery");
  });

  it("two at once with room for one: each may read room, and the consumer's cap still sends one", async () => {
    const { siteKey, siteId } = await manyResources(4);
    const to = mailTo();
    for (let i = 1; i <= 2; i++) {
      await ask(siteKey, `doc${i}`, to);
      await waitForMail(to, i);
    }
    const answers = await Promise.all([ask(siteKey, "doc3", to), ask(siteKey, "doc4", to)]);
    const promised = answers.filter((a) => a.delivery === "mail").length;
    expect(promised).toBeGreaterThanOrEqual(1);
    const log = await eventually(
      () => rows<{ status: string }>("SELECT status FROM mail_log WHERE site_id = ?", siteId),
      (r) => r.length === 2 + promised && r.every((m) => m.status === "sent" || m.status === "capped"),
    );
    // The race's price: a visitor told "mail" whose mail the cap held back (docs/downloads.md).
    expect(log.filter((m) => m.status === "capped")).toHaveLength(promised - 1);
    expect(await mailbox(to)).toHaveLength(3);
  });

  it("a repeat within 24 h (no new mail) is told mail only if the lead's link went out", async () => {
    const { apiKey, siteKey, siteId } = await manyResources(0);
    // Asked while the resource was on the page: this lead's link was never mailed.
    await api(apiKey, "PUT", "/v1/resources/guide", GUIDE);
    const to = mailTo();
    const first = await ask(siteKey, "guide", to);
    expect(first).not.toHaveProperty("delivery");
    await api(apiKey, "PUT", "/v1/resources/guide", { ...GUIDE, delivery: "mail" });
    const repeat = await ask(siteKey, "guide", to);
    expect(repeat).toEqual({ id: first.id, duplicate: false, fileUrl: GUIDE.fileUrl });
    expect(await outboxRows(siteId)).toEqual([]);

    // A lead whose link was mailed: its repeat points to that mail.
    const other = mailTo();
    const mailed = await ask(siteKey, "guide", other);
    expect(mailed.delivery).toBe("mail");
    await waitForMail(other);
    expect(await ask(siteKey, "guide", other)).toEqual({ id: mailed.id, duplicate: false, delivery: "mail" });
  });

  /** A site's leads and mails as if LINK_AGAIN_AFTER_MS had passed. */
  const tenMinutesLater = async (siteId: string) => {
    for (const sql of [
      "UPDATE mail_log SET created_at = created_at - ?1, sent_at = sent_at - ?1 WHERE site_id = ?2",
      "UPDATE leads SET first_seen_at = first_seen_at - ?1 WHERE site_id = ?2",
    ])
      await env.DB.prepare(sql).bind(LINK_AGAIN_AFTER_MS, siteId).run();
  };

  /** The site's mail log, oldest first. */
  const mailLog = (siteId: string) =>
    rows<{ mail_key: string; status: string; sent_at: number | null }>(
      "SELECT mail_key, status, sent_at FROM mail_log WHERE site_id = ? ORDER BY created_at",
      siteId,
    );

  it("a repeat 10 minutes after the lead's last link mail mails a fresh link, once per need, within the caps", async () => {
    const { siteKey, siteId } = await manyResources(0);
    const to = mailTo();
    const send = async (body: Record<string, unknown>, status: number) => {
      const res = await collect("lead", siteKey, body);
      expect(res.status).toBe(status);
      return (await res.json()) as { id: string; duplicate: boolean; delivery?: "mail" };
    };
    const later = () => tenMinutesLater(siteId);
    const firstBody = leadBody({ resourceId: "guide", email: to });
    const first = await send(firstBody, 201);
    expect(first.delivery).toBe("mail");
    await waitForMail(to);
    // Soon after, the mail just sent is the answer: nothing new.
    expect(await ask(siteKey, "guide", to)).toEqual({ id: first.id, duplicate: false, delivery: "mail" });

    await later();
    // A retried first request is no new request: the mail before answers it, nothing new.
    expect(await send(firstBody, 200)).toEqual({ id: first.id, duplicate: true, delivery: "mail" });
    // The first link used up meanwhile; the visitor asks again, and retries that request.
    await env.DB.prepare("UPDATE leads SET link_opens = 50 WHERE id = ?").bind(first.id).run();
    const repeatBody = leadBody({ resourceId: "guide", email: to });
    expect(await send(repeatBody, 201)).toEqual({ id: first.id, duplicate: false, delivery: "mail" });
    expect(await send(repeatBody, 200)).toEqual({ id: first.id, duplicate: true, delivery: "mail" });
    const [, again] = await waitForMail(to, 2);
    expect(again!.subject).toBe("【Test site】資料ダウンロードのご案内: ガイド");
    // A fresh link: its uses count on top of the lead's downloads so far.
    const path = /https:\/\/collector\.test(\/d\/\S+)/.exec(again!.text)![1]!;
    const pressed = await call(path, { method: "POST", redirect: "manual", headers: { origin: SELF_ORIGIN } });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe(GUIDE.fileUrl);

    // The inbox's third visitor mail of the day still goes out; past it, page and nothing more.
    await later();
    expect((await ask(siteKey, "guide", to)).delivery).toBe("mail");
    await waitForMail(to, 3);
    await later();
    expect(await ask(siteKey, "guide", to)).toEqual({ id: first.id, duplicate: false, fileUrl: GUIDE.fileUrl });
    const log = await mailLog(siteId);
    expect(log.map((m) => m.status)).toEqual(["sent", "sent", "sent"]);
    expect(log[2]!.mail_key).toBe(`${first.id}/${log[1]!.sent_at! + LINK_AGAIN_AFTER_MS}`);
    expect(await mailbox(to)).toHaveLength(3);
  });

  it("two repeats in quick succession after 10 minutes, two requests, one need: one new mail", async () => {
    const { siteKey, siteId } = await manyResources(0);
    const to = mailTo();
    const first = await ask(siteKey, "guide", to);
    expect(first.delivery).toBe("mail");
    await waitForMail(to);
    await tenMinutesLater(siteId);
    const lastSent = (await mailLog(siteId))[0]!.sent_at;
    // Two requests (two submission ids) before the mail they ask for went out: both told mail.
    const repeats = await Promise.all([ask(siteKey, "guide", to), ask(siteKey, "guide", to)]);
    for (const repeat of repeats) expect(repeat).toEqual({ id: first.id, duplicate: false, delivery: "mail" });
    await waitForMail(to, 2);

    // A third request 10 minutes after that mail: the inbox's third mail of the day, so the
    // two repeats made one mail between them (two would have used up the inbox's day).
    await tenMinutesLater(siteId);
    expect((await ask(siteKey, "guide", to)).delivery).toBe("mail");
    await waitForMail(to, 3);
    const log = await mailLog(siteId);
    expect(log.map((m) => m.status)).toEqual(["sent", "sent", "sent"]);
    // Each new mail is keyed by the mail before it, as it was when asked for.
    expect(log[1]!.mail_key).toBe(`${first.id}/${lastSent}`);
    expect(await mailbox(to)).toHaveLength(3);
  });

  it("a mail again that was capped is not promised again: the repeat after it is told page", async () => {
    const { siteKey, siteId } = await manyResources(0);
    const to = mailTo();
    const first = await ask(siteKey, "guide", to);
    await waitForMail(to);
    await tenMinutesLater(siteId);
    const lastSent = (await mailLog(siteId))[0]!.sent_at;
    // The mail after that one was claimed and capped (the site's hour full at that moment).
    await env.DB.prepare(
      `INSERT INTO mail_log (id, site_id, kind, mail_key, recipient, mailbox, subject, status, created_at, updated_at)
       VALUES (?1, ?2, 'download_link', ?3, ?4, ?4, 'capped', 'capped', ?5, ?5)`,
    )
      .bind(crypto.randomUUID(), siteId, `${first.id}/${lastSent}`, to, Date.now())
      .run();
    // Its claim would find it settled and send nothing: the answer must not say mail.
    expect(await ask(siteKey, "guide", to)).toEqual({ id: first.id, duplicate: false, fileUrl: GUIDE.fileUrl });
  });

  it('a link-again message queued with notificationId "" (its first wire shape) is still a link mail, no notification', async () => {
    const { siteKey, siteId } = await manyResources(0);
    const to = mailTo();
    const first = await ask(siteKey, "guide", to);
    await waitForMail(to);
    const queued = { notificationId: "", siteId, linkAgain: { leadId: first.id, key: `${first.id}/queued` } };
    const batch = createMessageBatch<NotifyMessage>(NOTIFY_QUEUE, [
      { id: "m0", timestamp: new Date(), attempts: 1, body: queued },
    ]);
    await handleQueue(batch, env as never);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(["m0"]);
    const [, again] = await waitForMail(to, 2);
    expect(again!.subject).toBe("【Test site】資料ダウンロードのご案内: ガイド");
    expect((await mailLog(siteId)).map((m) => [m.mail_key, m.status])).toEqual([
      [first.id, "sent"],
      [`${first.id}/queued`, "sent"],
    ]);
  });

  it("only a lead of a resource delivered by mail reads the mail log: page leads and inquiries pay nothing", async () => {
    const { apiKey, siteKey } = await mailSite();
    await api(apiKey, "PUT", "/v1/resources/price", { ...GUIDE });
    const read: string[] = [];
    const DB = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare")
          return (sql: string) => {
            read.push(sql);
            return target.prepare(sql);
          };
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const send = async (kind: string, body: Record<string, unknown>) => {
      read.length = 0;
      const res = await fetchWith({ DB }, `/v1/collect/${kind}?site=${siteKey}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return read.filter((sql) => sql.includes("mail_log")).length;
    };
    expect(await send("lead", leadBody({ resourceId: "price", email: mailTo() }))).toBe(0);
    expect(await send("inquiry", inquiryBody({ email: mailTo() }))).toBe(0);
    expect(await send("lead", leadBody({ resourceId: "guide", email: mailTo() }))).toBe(1);
  });
});
