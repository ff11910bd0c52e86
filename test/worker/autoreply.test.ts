import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { TEST_KEYS } from "../../scripts/turnstile-standin.ts";
import { updateSite } from "../../worker/db/sites.ts";
import app from "../../worker/index.ts";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { faultyD1, seededRandom } from "./d1-wrappers.ts";
import { collect, context, inquiryBody, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";
import { mailbox, mailTo, waitForMail } from "./mail-helpers.ts";
import { addWebhook, api, eventually, notificationRows, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

const SENDER = {
  senderName: "Shop 窓口",
  fromAddress: "noreply@shop.example.jp",
  replyTo: "team@shop.example.jp",
  footerSender: "株式会社ショップ",
  footerContact: "東京都千代田区 1-1",
  footerOptout: "optout@shop.example.jp",
};

/** A site with the sender identity set and the auto-reply on for `kinds`. */
async function autoReplySite(kinds: string[] = ["demo", "quote", "contact", "download"], hourlyCap?: number) {
  const site = await makeSite({ scope: "write" });
  const sender = await api(site.apiKey, "PATCH", "/v1/autoreply/sender", { ...SENDER, hourlyCap });
  expect(sender.status, JSON.stringify(sender.body)).toBe(200);
  for (const kind of kinds) {
    expect((await api(site.apiKey, "PATCH", `/v1/autoreply/${kind}`, { enabled: true })).status).toBe(200);
  }
  return site;
}

type LogRow = { status: string; attempts: number; kind: string; mail_key: string; last_code: string | null };
const mailLog = (siteId: string) =>
  rows<LogRow>(
    "SELECT status, attempts, kind, mail_key, last_code FROM mail_log WHERE site_id = ? ORDER BY created_at",
    siteId,
  );

describe("the auto-reply API", () => {
  it("turning an auto-reply on needs the whole sender identity: 422 naming the first missing field", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const refused = await api(apiKey, "PATCH", "/v1/autoreply/demo", { enabled: true });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("sender_incomplete");
    expect(Object.keys(refused.body.error.fields)).toEqual(["sender.senderName"]);

    const partial = { ...SENDER, footerOptout: undefined };
    expect((await api(apiKey, "PATCH", "/v1/autoreply/sender", partial)).status).toBe(200);
    const still = await api(apiKey, "PATCH", "/v1/autoreply/demo", { enabled: true });
    expect(still.body.error.fields).toEqual({ "sender.footerOptout": expect.stringContaining("is required") });

    expect((await api(apiKey, "PATCH", "/v1/autoreply/sender", { footerOptout: SENDER.footerOptout })).status).toBe(
      200,
    );
    const on = await api(apiKey, "PATCH", "/v1/autoreply/demo", { enabled: true });
    expect(on).toMatchObject({ status: 200, body: { formKind: "demo", resourceId: null, enabled: true } });
    // While it is on, the identity cannot lose a field.
    const cleared = await api(apiKey, "PATCH", "/v1/autoreply/sender", { fromAddress: null });
    expect(cleared.status).toBe(422);
    expect(Object.keys(cleared.body.error.fields)).toEqual(["sender.fromAddress"]);
  });

  it("a template with an unknown variable or an open section is refused, naming the text", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const res = await api(apiKey, "PATCH", "/v1/autoreply/contact", {
      ja: { text: "{{name}} 様 {{password}}" },
      en: { subject: "{{#name}}Hi" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      "ja.text": expect.stringContaining("unknown variable {{password}}"),
      "en.subject": expect.stringContaining("never closed"),
    });
    const perResource = await api(apiKey, "PATCH", "/v1/autoreply/demo?resource=x", { enabled: false });
    expect(perResource.status).toBe(400);
    expect(perResource.body.error.fields).toEqual({ resource: expect.stringContaining("download only") });
  });

  it("preview renders sample data with the defaults, or unsaved texts, and the footer", async () => {
    const { apiKey } = await autoReplySite([]);
    const ja = await api(apiKey, "POST", "/v1/autoreply/preview", { formKind: "demo" });
    expect(ja.status).toBe(200);
    expect(ja.body).toMatchObject({
      from: "Shop 窓口 <noreply@shop.example.jp>",
      replyTo: "team@shop.example.jp",
      subject: "【Test site】デモのご依頼を受け付けました",
      html: null,
    });
    expect(ja.body.text).toContain("山田 太郎 様");
    expect(ja.body.text).toContain("送信者：株式会社ショップ");
    expect(ja.body.text).toContain("配信停止・お問い合わせ：optout@shop.example.jp");

    const draft = await api(apiKey, "POST", "/v1/autoreply/preview", {
      formKind: "download",
      resourceId: "catalog",
      language: "en",
      subject: "Your {{resourceTitle}}",
      html: "<p>Hi {{name}}</p>",
    });
    expect(draft.body.subject).toBe("Your catalog");
    expect(draft.body.text).toContain("Dear Alex Smith,");
    expect(draft.body.html).toContain("<p>Hi Alex Smith</p>");
    expect(draft.body.html).toContain("Sender: 株式会社ショップ");
    // Nothing was saved by previewing.
    const saved = await api(apiKey, "GET", "/v1/autoreply");
    expect(saved.body.replies).toEqual([]);
    // What a null text stands for, as a template the dashboard's editor starts from.
    expect(saved.body.defaults.demo.ja.subject).toBe("【{{siteName}}】デモのご依頼を受け付けました");
    expect(saved.body.defaults.download.en.text).toContain("{{downloadUrl}}");
  });
});

describe("the auto-reply to a visitor", () => {
  it("a new inquiry gets one receipt in the visitor's language; a duplicate or a repeat sends nothing", async () => {
    const { siteKey, siteId } = await autoReplySite();
    const to = mailTo();
    const body = inquiryBody({ email: to, context: { ...context, locale: "en-US" } });
    expect((await collect("inquiry", siteKey, body)).status).toBe(201);
    const [mail] = await waitForMail(to);
    expect(mail).toMatchObject({
      to,
      from: "Shop 窓口 <noreply@shop.example.jp>",
      replyTo: "team@shop.example.jp",
      subject: "Test site: we received your demo request",
    });
    expect(mail!.text).toContain("Dear 山田 花子,");
    expect(mail!.text).toContain("Sender: 株式会社ショップ");
    // What else the visitor typed (the message, the company unasked) is not in it.
    expect(mail!.text).not.toContain("来週デモをお願いします");

    expect((await collect("inquiry", siteKey, body)).status).toBe(200); // the same submission again
    expect((await collect("inquiry", siteKey, { ...body, submissionId: crypto.randomUUID() })).status).toBe(200); // a repeat
    expect(await notificationRows(siteId)).toHaveLength(1);
    expect(await mailLog(siteId)).toEqual([
      expect.objectContaining({ kind: "autoreply", status: "sent", attempts: 1, mail_key: expect.any(String) }),
    ]);
    expect(await mailbox(to)).toHaveLength(1);
  });

  it("the name stays inert text: markup, line breaks and links do not survive into the mail", async () => {
    const { siteKey, apiKey } = await autoReplySite();
    expect(
      (
        await api(apiKey, "PATCH", "/v1/autoreply/contact", {
          ja: { subject: "{{name}} 様", html: "<p>{{name}} 様</p>" },
        })
      ).status,
    ).toBe(200);
    const to = mailTo();
    const name = "<script>alert(1)</script>\r\nBcc: victim@evil.example https://spam.example/x";
    const body = inquiryBody({ email: to, kind: "contact", name, message: "質問です" });
    expect((await collect("inquiry", siteKey, body)).status).toBe(201);
    const [mail] = await waitForMail(to);
    expect(mail!.subject).toBe("<script>alert(1)</script> Bcc: 様");
    expect(mail!.text.split("\n")[0]).toBe("<script>alert(1)</script> Bcc: 様");
    expect(mail!.html).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt; Bcc: 様</p>");
    for (const part of [mail!.subject, mail!.text, mail!.html ?? ""]) {
      expect(part).not.toMatch(/\r|evil\.example|spam\.example|https?:/);
    }
    expect(mail!.headers).toEqual({});
    expect(await mailbox(to)).toHaveLength(1);
  });

  it("a download gets its auto-reply; a resource with its own row turned off gets none", async () => {
    const { siteKey, siteId, apiKey } = await autoReplySite(["download"]);
    expect((await api(apiKey, "PATCH", "/v1/autoreply/download?resource=price-list", { enabled: false })).status).toBe(
      200,
    );
    const to = mailTo();
    expect((await collect("lead", siteKey, leadBody({ email: to, resourceId: "price-list" }))).status).toBe(201);
    expect((await collect("lead", siteKey, leadBody({ email: to, resourceId: "whitepaper-2026" }))).status).toBe(201);
    const [mail] = await waitForMail(to);
    expect(mail!.subject).toBe("【Test site】資料のお申し込みありがとうございます");
    expect(mail!.text).toContain("「whitepaper-2026」");
    await eventually(
      () => notificationRows(siteId),
      (n) => n.length === 2 && n.every((r) => r.dispatched_at !== null),
    );
    expect((await mailLog(siteId)).map((r) => r.status)).toEqual(["sent"]);
    expect(await mailbox(to)).toHaveLength(1);
  });

  it("a lead's row written for the auto-reply alone sends no webhook where leads do not notify", async () => {
    const { siteKey, siteId, apiKey } = await autoReplySite(["download"]);
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    const to = mailTo();
    expect((await collect("lead", siteKey, leadBody({ email: to }))).status).toBe(201);
    await waitForMail(to);
    expect(await notificationRows(siteId)).toHaveLength(1);
    expect(await rows("SELECT id FROM deliveries WHERE site_id = ?", siteId)).toEqual([]);
    // An inquiry on the same site is delivered to the webhook as ever.
    expect((await collect("inquiry", siteKey, inquiryBody({ email: mailTo() }))).status).toBe(201);
    await eventually(
      () => received(path),
      (r) => r.length === 1,
    );
  });

  it("bot traps (honeypot, too fast, Turnstile failing) store nothing and send nothing", async () => {
    const { siteKey, siteId } = await autoReplySite();
    const to = mailTo();
    const ip = { "cf-connecting-ip": "203.0.113.9" };
    await updateSite(env.DB, siteId, {
      turnstile: { siteKey: TEST_KEYS.siteKeys.fails, secret: TEST_KEYS.secrets.fails },
    });
    const ctx = createExecutionContext();
    const turnstile = await app.fetch(
      new Request(`https://collector.test/v1/collect/inquiry?site=${siteKey}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN, ...ip },
        body: JSON.stringify(inquiryBody({ email: to, turnstileToken: "XXXX.DUMMY.TOKEN.XXXX" })),
      }),
      { ...env, TURNSTILE_VERIFY_URL: `${inject("turnstileUrl")}/siteverify` },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(turnstile.status).toBe(403);
    // The site is cached with Turnstile on now: these are refused by the traps before it.
    expect((await collect("inquiry", siteKey, inquiryBody({ email: to, hp: "http://spam" }), ip)).status).toBe(201);
    expect((await collect("inquiry", siteKey, inquiryBody({ email: to, fillMs: 200 }), ip)).status).toBe(201);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toEqual([]);
    expect(await notificationRows(siteId)).toEqual([]);
    expect(await mailLog(siteId)).toEqual([]);
  });

  it("caps: at most 3 per recipient per 24 h, and the site's hourly cap", async () => {
    const { siteKey, siteId } = await autoReplySite(["contact"], 5);
    const to = mailTo();
    for (let i = 0; i < 4; i++) {
      expect(
        (await collect("inquiry", siteKey, inquiryBody({ email: to, kind: "contact", message: `#${i}` }))).status,
      ).toBe(201);
    }
    // The recipient's four first (settled), then the site's hour fills up with others.
    await eventually(
      () => mailLog(siteId),
      (r) => r.length === 4 && r.every((m) => m.status === "sent" || m.status === "capped"),
    );
    const others = [mailTo(), mailTo(), mailTo()];
    for (const other of others) {
      expect(
        (await collect("inquiry", siteKey, inquiryBody({ email: other, kind: "contact", message: "x" }))).status,
      ).toBe(201);
    }
    const log = await eventually(
      () => mailLog(siteId),
      (r) => r.length === 7 && r.every((m) => m.status !== "sending" && m.status !== "pending"),
    );
    expect(log.filter((m) => m.status === "sent")).toHaveLength(5);
    expect(log.filter((m) => m.status === "capped")).toHaveLength(2);
    expect(await mailbox(to)).toHaveLength(3);
  });

  it("caps count one inbox: sub-addresses and Gmail's dots of one person share the 3 a day", async () => {
    const { siteKey, siteId } = await autoReplySite(["contact"]);
    // A stranger types a victim's Gmail address four ways; all four reach one inbox.
    const id = crypto.randomUUID().slice(0, 8);
    const typed = [
      `hanako${id}+1@gmail.com`,
      `hana.ko${id}@gmail.com`,
      `Hanako${id}+x@googlemail.com`,
      `h.anako${id}+2@gmail.com`,
    ];
    for (const [i, email] of typed.entries()) {
      expect(
        (await collect("inquiry", siteKey, inquiryBody({ email, kind: "contact", message: `#${i}` }))).status,
      ).toBe(201);
    }
    const log = await eventually(
      () => mailLog(siteId),
      (r) => r.length === 4 && r.every((m) => m.status === "sent" || m.status === "capped"),
    );
    expect(log.filter((m) => m.status === "sent")).toHaveLength(3);
    let received = 0;
    for (const email of typed) received += (await mailbox(email.toLowerCase())).length;
    expect(received).toBe(3);
    // Another person at the same provider is not held back by it.
    const other = `hanako${id}x@gmail.com`;
    expect(
      (await collect("inquiry", siteKey, inquiryBody({ email: other, kind: "contact", message: "y" }))).status,
    ).toBe(201);
    expect(await waitForMail(other)).toHaveLength(1);
  });

  it("a suppressed address: the first attempt suppresses it, the next inquiry is not attempted", async () => {
    const { siteKey, siteId } = await autoReplySite(["quote"]);
    const to = mailTo("suppressed");
    expect((await collect("inquiry", siteKey, inquiryBody({ email: to, kind: "quote", message: "a" }))).status).toBe(
      201,
    );
    await eventually(
      () => mailLog(siteId),
      (r) => r[0]?.status === "suppressed",
    );
    expect((await collect("inquiry", siteKey, inquiryBody({ email: to, kind: "quote", message: "b" }))).status).toBe(
      201,
    );
    const log = await eventually(
      () => mailLog(siteId),
      (r) => r.length === 2 && r[1]?.status === "suppressed",
    );
    expect(log.map((m) => [m.status, m.attempts, m.last_code])).toEqual([
      ["suppressed", 1, "E_RECIPIENT_SUPPRESSED"],
      ["suppressed", 0, null],
    ]);
    const api_ = await api((await makeSite({ scope: "write" })).apiKey, "GET", "/v1/mail-log");
    expect(api_.body.data).toEqual([]); // another site sees none of it
  });

  it("a failing provider is retried with the queue's backoff; the mail log shows the attempts", async () => {
    const { siteKey, siteId, apiKey } = await autoReplySite(["demo"]);
    const to = mailTo("fail-first-2");
    expect((await collect("inquiry", siteKey, inquiryBody({ email: to }))).status).toBe(201);
    await waitForMail(to);
    const log = await api(apiKey, "GET", "/v1/mail-log");
    expect(log.body.data).toEqual([
      expect.objectContaining({ kind: "autoreply", to, status: "sent", attempts: 3, provider: "cloudflare" }),
    ]);
    expect(await mailbox(to)).toHaveLength(1);
    expect((await mailLog(siteId))[0]?.last_code).toBeNull();
  }, 20_000);

  it("when the queue gives up, the mail is failed in the log", async () => {
    const { siteKey, siteId } = await autoReplySite(["demo"]);
    expect((await collect("inquiry", siteKey, inquiryBody({ email: mailTo("ratelimited") }))).status).toBe(201);
    const log = await eventually(
      () => mailLog(siteId),
      (r) => r[0]?.status === "failed",
      25_000,
    );
    expect(log[0]).toMatchObject({ last_code: "E_RATE_LIMIT_EXCEEDED" });
    expect(log[0]!.attempts).toBeGreaterThanOrEqual(3);
  }, 30_000);
});

describe("exactly once through the consumer", () => {
  it("a redelivered message and D1 batches failing 20 % of the time still send one mail", async () => {
    const { siteKey, siteId } = await autoReplySite(["demo"]);
    // No collect: the outbox row alone, delivered by hand so that nothing else consumes it.
    const to = mailTo();
    const { storeInquiry } = await import("./notify-helpers.ts");
    const { notificationId } = await storeInquiry(siteId, inquiryBody({ email: to }), Date.now());
    expect(notificationId).toBeTruthy();
    expect(siteKey).toBeTruthy();
    const { db, counts } = faultyD1(env.DB, 0.2, seededRandom(0x5eed));
    const faulty = { ...env, DB: db };
    const message = { notificationId: notificationId!, siteId };
    let acked = 0;
    for (let delivery = 0; delivery < 12 && acked < 3; delivery++) {
      const batch = createMessageBatch<NotifyMessage>("hikiai-notifications", [
        { id: `m${delivery}`, timestamp: new Date(), attempts: delivery + 1, body: message },
      ]);
      const ctx = createExecutionContext();
      await handleQueue(batch, faulty as never);
      const result = await getQueueResult(batch, ctx);
      if (result.explicitAcks.length) acked++;
    }
    expect(acked).toBe(3); // acked, then redelivered twice more, and acked each time
    expect(counts.failedBeforeCommit + counts.failedAfterCommit).toBeGreaterThan(0);
    expect(await mailbox(to)).toHaveLength(1);
    expect((await mailLog(siteId)).map((r) => r.status)).toEqual(["sent"]);
  });
});
