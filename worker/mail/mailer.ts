// One small interface in front of the mail provider, picked by configuration (docs/mail.md):
// Cloudflare Email Service through the Worker's `send_email` binding (the default: no third-party
// account), or Resend's HTTP API for teams whose sending domain is not on Cloudflare's. Each
// provider's errors are mapped to what the caller must do: retry later, give up, or give up and
// stop mailing the address (bounced, complained).
import type { Env } from "../env.ts";

export interface MailMessage {
  to: string;
  from: { email: string; name?: string };
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export type MailResult =
  | { ok: true; providerId?: string }
  | { ok: false; retry: boolean; suppress?: "bounced" | "complained"; code: string; detail: string };

export interface Mailer {
  /** Which provider (the mail log records it). */
  readonly provider: "cloudflare" | "resend";
  /** Sends one message; never throws. `idempotencyKey` identifies the mail across retries. */
  send(message: MailMessage, idempotencyKey: string): Promise<MailResult>;
}

/** Resend's API (https://resend.com/docs/api-reference/emails/send-email). */
export const RESEND_API = "https://api.resend.com";

/** The configured mailer; undefined when mail is not configured (nothing can be sent). */
export function mailerFrom(env: Env): Mailer | undefined {
  if (env.MAIL_PROVIDER === "resend") {
    return env.RESEND_API_KEY ? resendMailer(env.RESEND_API_KEY, env.RESEND_API_URL || RESEND_API) : undefined;
  }
  if (env.MAIL_PROVIDER !== undefined && env.MAIL_PROVIDER !== "" && env.MAIL_PROVIDER !== "cloudflare") {
    return undefined;
  }
  if (env.MAIL_BINDING_URL) return cloudflareMailer(bindingOverHttp(env.MAIL_BINDING_URL));
  return env.EMAIL ? cloudflareMailer(env.EMAIL) : undefined;
}

// Header values and display names are one line: a line break would start a new header.
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();

// The binding's documented error codes
// (https://developers.cloudflare.com/email-service/api/send-emails/workers-api/#error-codes).
// Worth another attempt: the service or a quota that frees up. Suppressed or undeliverable
// recipients will not change: the address is suppressed. Everything else (validation, sender not
// verified, headers) is a configuration error a retry cannot fix.
const CLOUDFLARE_RETRY = new Set(["E_RATE_LIMIT_EXCEEDED", "E_DAILY_LIMIT_EXCEEDED", "E_INTERNAL_SERVER_ERROR"]);
const CLOUDFLARE_SUPPRESS = new Set(["E_RECIPIENT_SUPPRESSED", "E_DELIVERY_FAILED"]);

/** Maps what the binding threw to a result: its documented `code`, or a retry for anything else (network, runtime). */
export function cloudflareError(err: unknown): MailResult & { ok: false } {
  const code = (err as { code?: unknown } | null)?.code;
  const detail = String((err as { message?: unknown } | null)?.message ?? err).slice(0, 500);
  if (typeof code !== "string" || !code.startsWith("E_")) return { ok: false, retry: true, code: "error", detail };
  if (CLOUDFLARE_SUPPRESS.has(code)) return { ok: false, retry: false, suppress: "bounced", code, detail };
  return { ok: false, retry: CLOUDFLARE_RETRY.has(code), code, detail };
}

/** Cloudflare Email Service through a `send_email` binding (or anything with its `send`). */
export function cloudflareMailer(binding: Pick<SendEmail, "send">): Mailer {
  return {
    provider: "cloudflare",
    async send(message) {
      // The binding has no idempotency key: the mail log's claim (mail/send.ts) is what keeps a
      // mail from going out twice.
      const name = message.from.name ? oneLine(message.from.name) : "";
      try {
        const result = await binding.send({
          to: message.to,
          from: name ? { email: message.from.email, name } : message.from.email,
          subject: oneLine(message.subject),
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
        });
        return { ok: true, providerId: result?.messageId };
      } catch (err) {
        return cloudflareError(err);
      }
    },
  };
}

/**
 * Local runs and tests only (MAIL_BINDING_URL): a `send_email` binding whose calls go to the
 * local mailbox stand-in (scripts/mailbox-standin.ts), which answers as the binding documents:
 * `{messageId}`, or an error with its `code`. Wrangler's own local binding keeps what it sends
 * to itself, so the mailbox could not show it.
 */
export function bindingOverHttp(url: string): Pick<SendEmail, "send"> {
  return {
    async send(builder: EmailMessageBuilder) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(builder),
      });
      const body = (await res.json().catch(() => ({}))) as { messageId?: string; code?: string; message?: string };
      if (res.ok && body.messageId) return { messageId: body.messageId };
      throw Object.assign(new Error(body.message ?? `HTTP ${res.status}`), body.code ? { code: body.code } : {});
    },
  } as Pick<SendEmail, "send">;
}

// Resend's documented errors (https://resend.com/docs/api-reference/errors): 429s are the rate
// limit and the daily or monthly quota, 5xx its own trouble, 409 concurrent_idempotent_requests
// the same key still in flight: all worth another attempt. Everything else (validation, keys,
// domain not verified, invalid_idempotent_request) needs a person. Resend reports bounces and
// complaints by webhook, not in the send's answer, so nothing here suppresses an address.
function resendError(status: number, name: string, detail: string): MailResult & { ok: false } {
  const retry = status === 429 || status >= 500 || name === "concurrent_idempotent_requests";
  return { ok: false, retry, code: name || `http_${status}`, detail: detail.slice(0, 500) };
}

/** Resend's POST /emails with an Idempotency-Key (Resend keeps a key 24 hours). */
export function resendMailer(apiKey: string, baseUrl: string = RESEND_API): Mailer {
  const endpoint = `${baseUrl.replace(/\/+$/, "")}/emails`;
  return {
    provider: "resend",
    async send(message, idempotencyKey) {
      const name = message.from.name ? oneLine(message.from.name).replace(/["<>]/g, "") : "";
      const body = {
        from: name ? `"${name}" <${message.from.email}>` : message.from.email,
        to: [message.to],
        subject: oneLine(message.subject),
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.replyTo ? { reply_to: message.replyTo } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      };
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: "POST",
          headers: {
            authorization: `Bearer ${apiKey}`,
            "content-type": "application/json",
            "idempotency-key": idempotencyKey.slice(0, 256),
          },
          body: JSON.stringify(body),
        });
      } catch (err) {
        return { ok: false, retry: true, code: "network", detail: String(err).slice(0, 500) };
      }
      const answer = (await res.json().catch(() => ({}))) as { id?: string; name?: string; message?: string };
      if (res.ok) return { ok: true, providerId: answer.id };
      return resendError(res.status, answer.name ?? "", answer.message ?? `HTTP ${res.status}`);
    },
  };
}
