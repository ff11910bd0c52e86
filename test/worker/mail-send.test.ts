import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cloudflareError, cloudflareMailer, type MailMessage, resendMailer } from "../../worker/mail/mailer.ts";
import { type SendMailInput, sendMail } from "../../worker/mail/send.ts";
import { faultyD1, seededRandom } from "./d1-wrappers.ts";
import { makeSite, rows } from "./helpers.ts";
import { MAILBOX, mailbox, mailTo } from "./mail-helpers.ts";

const message = (to: string, subject = "お問い合わせありがとうございます"): MailMessage => ({
  to,
  from: { email: "noreply@shop.example.jp", name: "Shop" },
  replyTo: "team@shop.example.jp",
  subject,
  text: "受け付けました。",
});

const input = (siteId: string, to: string, key = crypto.randomUUID()): SendMailInput => ({
  siteId,
  kind: "autoreply",
  key,
  to,
  message: message(to),
});

type LogRow = { status: string; attempts: number; provider: string | null; last_code: string | null };
const logRow = async (key: string) =>
  (await rows<LogRow>("SELECT * FROM mail_log WHERE kind = 'autoreply' AND mail_key = ?", key))[0];

describe("sendMail through the default provider (the binding's shape, to the local mailbox)", () => {
  it("sends once per (kind, key): a second call with the key is a duplicate and sends nothing", async () => {
    const { siteId } = await makeSite();
    const to = mailTo();
    const first = input(siteId, to);
    expect(await sendMail(env, first)).toBe("sent");
    expect(await sendMail(env, first)).toBe("duplicate");
    const got = await mailbox(to);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      provider: "cloudflare",
      to,
      from: "Shop <noreply@shop.example.jp>",
      replyTo: "team@shop.example.jp",
      subject: "お問い合わせありがとうございます",
      text: "受け付けました。",
    });
    expect(await logRow(first.key)).toMatchObject({ status: "sent", attempts: 1, provider: "cloudflare" });
  });

  it("a failing attempt is logged and retried; the next attempt sends", async () => {
    const { siteId } = await makeSite();
    const to = mailTo("fail-first-1");
    const mail = input(siteId, to);
    expect(await sendMail(env, mail)).toBe("retry");
    expect(await logRow(mail.key)).toMatchObject({
      status: "retry",
      attempts: 1,
      last_code: "E_INTERNAL_SERVER_ERROR",
    });
    expect(await sendMail(env, mail)).toBe("sent");
    expect(await logRow(mail.key)).toMatchObject({ status: "sent", attempts: 2, last_code: null });
    expect(await mailbox(to)).toHaveLength(1);
  });

  it("a suppressed recipient is remembered: the next mail to the address is not attempted", async () => {
    const { siteId } = await makeSite();
    const to = mailTo("suppressed");
    const first = input(siteId, to);
    expect(await sendMail(env, first)).toBe("suppressed");
    const [suppression] = await rows("SELECT reason, detail FROM mail_suppressions WHERE site_id = ?", siteId);
    expect(suppression).toEqual({ reason: "bounced", detail: "E_RECIPIENT_SUPPRESSED" });

    const next = input(siteId, to.toUpperCase());
    expect(await sendMail(env, next)).toBe("suppressed");
    expect(await logRow(next.key)).toMatchObject({ status: "suppressed", attempts: 0, provider: null });
    // Another site may still mail the address.
    const other = await makeSite();
    expect(await sendMail(env, input(other.siteId, to))).toBe("suppressed"); // the provider refuses it again
    expect(await rows("SELECT 1 FROM mail_suppressions WHERE site_id = ?", other.siteId)).toHaveLength(1);
  });

  it("a permanent error fails the mail without suppressing the address", async () => {
    const { siteId } = await makeSite();
    const mail = input(siteId, mailTo("invalid"));
    expect(await sendMail(env, mail)).toBe("failed");
    expect(await logRow(mail.key)).toMatchObject({ status: "failed", last_code: "E_VALIDATION_ERROR" });
    expect(await rows("SELECT 1 FROM mail_suppressions WHERE site_id = ?", siteId)).toEqual([]);
    expect(await sendMail(env, mail)).toBe("duplicate");
  });

  it("caps: per recipient per 24 h, and per site per hour", async () => {
    const { siteId } = await makeSite();
    const caps = { kinds: ["autoreply"], perRecipientDay: 3, perSiteHour: 5 };
    const to = mailTo();
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await sendMail(env, { ...input(siteId, to), caps }));
    expect(outcomes).toEqual(["sent", "sent", "sent", "capped"]);
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await sendMail(env, { ...input(siteId, mailTo()), caps }));
    expect(others).toEqual(["sent", "sent", "capped"]);
    expect(await mailbox(to)).toHaveLength(3);
    // A day later the recipient may be mailed again (the site's hour has passed too).
    const later = { now: () => Date.now() + 86_400_001 };
    expect(await sendMail(env, { ...input(siteId, to), caps }, later)).toBe("sent");
  });

  it("caps count the inbox an address reaches, as the log says (mailbox), and keep the address as typed", async () => {
    const { siteId } = await makeSite();
    const caps = { kinds: ["autoreply"], perRecipientDay: 2 };
    const id = crypto.randomUUID().slice(0, 8);
    const outcomes = [];
    for (const to of [`jiro${id}+a@example.jp`, `jiro${id}+b@example.jp`, `jiro${id}@example.jp`]) {
      outcomes.push(await sendMail(env, { ...input(siteId, to), caps }));
    }
    expect(outcomes).toEqual(["sent", "sent", "capped"]);
    expect(await rows("SELECT recipient, mailbox FROM mail_log WHERE site_id = ? ORDER BY recipient", siteId)).toEqual([
      { recipient: `jiro${id}+a@example.jp`, mailbox: `jiro${id}@example.jp` },
      { recipient: `jiro${id}+b@example.jp`, mailbox: `jiro${id}@example.jp` },
      { recipient: `jiro${id}@example.jp`, mailbox: `jiro${id}@example.jp` },
    ]);
    expect(await mailbox(`jiro${id}+b@example.jp`)).toHaveLength(1);
  });

  it("with no mail configured, the mail fails as not_configured", async () => {
    const { siteId } = await makeSite();
    const mail = input(siteId, mailTo());
    const bare = { ...env, MAIL_BINDING_URL: undefined, EMAIL: undefined };
    expect(await sendMail(bare, mail)).toBe("failed");
    expect(await logRow(mail.key)).toMatchObject({ status: "failed", last_code: "not_configured" });
  });

  it("exactly once with 20 % of D1 batches failing (half after commit)", async () => {
    const { siteId } = await makeSite();
    const { db, counts } = faultyD1(env.DB, 0.2, seededRandom(0x3a11));
    const faulty = { ...env, DB: db };
    const mails = Array.from({ length: 30 }, () => input(siteId, mailTo()));
    for (const mail of mails) {
      // The caller's retries (the queue's), until the mail is settled.
      for (let attempt = 0; attempt < 20; attempt++) {
        const outcome = await sendMail(faulty, mail).catch(() => "threw");
        if (outcome === "sent" || outcome === "duplicate") break;
      }
    }
    expect(counts.failedAfterCommit + counts.failedBeforeCommit).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(await mailbox(mail.to)).toHaveLength(1);
      expect((await logRow(mail.key))?.status).toBe("sent");
    }
  });
});

describe("the providers", () => {
  it("Cloudflare's local send_email binding (wrangler's own) accepts the message", async () => {
    const result = await cloudflareMailer(env.EMAIL).send(message(mailTo()), "autoreply/x");
    expect(result).toMatchObject({ ok: true, providerId: expect.any(String) });
  });

  it("the binding's documented error codes map to retry, permanent and suppress", () => {
    const err = (code?: string) => Object.assign(new Error("x"), code ? { code } : {});
    expect(cloudflareError(err("E_RATE_LIMIT_EXCEEDED"))).toMatchObject({ retry: true });
    expect(cloudflareError(err("E_DAILY_LIMIT_EXCEEDED"))).toMatchObject({ retry: true });
    expect(cloudflareError(err("E_INTERNAL_SERVER_ERROR"))).toMatchObject({ retry: true });
    expect(cloudflareError(err("E_SENDER_NOT_VERIFIED"))).toMatchObject({ retry: false });
    expect(cloudflareError(err("E_SENDER_NOT_VERIFIED")).suppress).toBeUndefined();
    expect(cloudflareError(err("E_RECIPIENT_SUPPRESSED"))).toMatchObject({ retry: false, suppress: "bounced" });
    expect(cloudflareError(err("E_DELIVERY_FAILED"))).toMatchObject({ retry: false, suppress: "bounced" });
    expect(cloudflareError(err())).toMatchObject({ retry: true, code: "error" });
  });

  it("Resend: the Idempotency-Key sends one mail for repeated requests", async () => {
    const mailer = resendMailer("re_test", MAILBOX);
    const to = mailTo();
    const key = `autoreply/${crypto.randomUUID()}`;
    const first = await mailer.send(message(to), key);
    const again = await mailer.send(message(to), key);
    expect(first).toMatchObject({ ok: true, providerId: expect.any(String) });
    expect(again).toEqual(first);
    const got = await mailbox(to);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ provider: "resend", from: '"Shop" <noreply@shop.example.jp>', idempotencyKey: key });
  });

  it("Resend through sendMail (MAIL_PROVIDER=resend): rate limits retry, validation errors fail", async () => {
    const { siteId } = await makeSite();
    const resend = { ...env, MAIL_PROVIDER: "resend", RESEND_API_KEY: "re_test" };
    expect(await sendMail(resend, input(siteId, mailTo()))).toBe("sent");
    const limited = input(siteId, mailTo("ratelimited"));
    expect(await sendMail(resend, limited)).toBe("retry");
    expect(await logRow(limited.key)).toMatchObject({ provider: "resend", last_code: "rate_limit_exceeded" });
    const invalid = input(siteId, mailTo("invalid"));
    expect(await sendMail(resend, invalid)).toBe("failed");
    // Without its key, Resend is not configured.
    const keyless = input(siteId, mailTo());
    expect(await sendMail({ ...resend, RESEND_API_KEY: undefined }, keyless)).toBe("failed");
    expect(await logRow(keyless.key)).toMatchObject({ last_code: "not_configured" });
  });

  it("a network failure to Resend is a retry", async () => {
    const result = await resendMailer("re_test", "http://127.0.0.1:9").send(message(mailTo()), "k");
    expect(result).toMatchObject({ ok: false, retry: true, code: "network" });
  });
});
