// A local mailbox: what the worker sends in `npm start` and the tests arrives here instead of
// at a mail provider, which neither can reach (and must not: no real mail from local runs). It
// speaks both providers' documented shapes (worker/mail/mailer.ts):
//   POST /emails           Resend's send API: Authorization: Bearer …, Idempotency-Key (the same
//                          key and body answer the first id again and store nothing; the same key
//                          with another body is 409 invalid_idempotent_request) → {id}
//   POST /cloudflare/send  the Email Service binding's send() as JSON (the worker's
//                          MAIL_BINDING_URL) → {messageId}, or an error {code, message}
// Recipients play failures, as test keys do (the local part, before any +):
//   fail-first-N   the first N attempts of each mail fail (E_INTERNAL_SERVER_ERROR / HTTP 500)
//   ratelimited    always rate limited (E_RATE_LIMIT_EXCEEDED / HTTP 429 rate_limit_exceeded)
//   suppressed     E_RECIPIENT_SUPPRESSED (the binding; Resend reports bounces by webhook only)
//   bounce         E_DELIVERY_FAILED (the binding)
//   invalid        E_VALIDATION_ERROR / HTTP 422 validation_error
// What was received:
//   GET /messages[?to=addr]     [{id, provider, to, from, replyTo, subject, text, html, headers, at}]
//   DELETE /messages[?to=addr]  forgets them
//   GET /                       a small page listing them, newest first
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface MailboxMessage {
  id: string;
  provider: "cloudflare" | "resend";
  to: string;
  from: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  idempotencyKey: string | null;
  /** When it arrived (ISO 8601). */
  at: string;
}

export interface MailboxStandIn {
  /** Base URL, e.g. http://127.0.0.1:41234 (the page; RESEND_API_URL). */
  url: string;
  /** What to give the worker as MAIL_BINDING_URL. */
  bindingUrl: string;
  messages: MailboxMessage[];
  close(): Promise<void>;
}

type Address = string | { email: string; name?: string };
const addressText = (a: Address | undefined) =>
  !a ? "" : typeof a === "string" ? a : a.name ? `${a.name} <${a.email}>` : a.email;
const bareAddress = (a: string) => (a.match(/<([^>]+)>/)?.[1] ?? a).trim().toLowerCase();

/** The failure a recipient plays, if any: [kind, N]. */
function playedFailure(to: string): [string, number] | undefined {
  const local = bareAddress(to).split("@")[0]!.split("+")[0]!;
  const failFirst = local.match(/^fail-first-(\d+)$/);
  if (failFirst) return ["fail-first", Number(failFirst[1])];
  for (const kind of ["ratelimited", "suppressed", "bounce", "invalid"]) if (local === kind) return [kind, 0];
  return undefined;
}

const BINDING_CODES: Record<string, [string, string]> = {
  "fail-first": ["E_INTERNAL_SERVER_ERROR", "Email Service temporarily unavailable"],
  ratelimited: ["E_RATE_LIMIT_EXCEEDED", "Sending rate limit reached"],
  suppressed: ["E_RECIPIENT_SUPPRESSED", "Recipient is on suppression list"],
  bounce: ["E_DELIVERY_FAILED", "Could not deliver the email"],
  invalid: ["E_VALIDATION_ERROR", "Validation error in the payload"],
};
const RESEND_ERRORS: Record<string, [number, string, string]> = {
  "fail-first": [500, "internal_server_error", "An unexpected error occurred."],
  ratelimited: [429, "rate_limit_exceeded", "Too many requests."],
  invalid: [422, "validation_error", "Invalid `to` field."],
};

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(messages: MailboxMessage[]): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p class="meta">${escapeHtml(m.at)} · ${escapeHtml(m.provider)}<br>From: ${escapeHtml(m.from)}<br>To: ${escapeHtml(m.to)}${m.replyTo ? `<br>Reply-To: ${escapeHtml(m.replyTo)}` : ""}</p>
<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>hikiai local mailbox</title>
<style>body{font:14px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}article{border-top:1px solid #ccc;padding:.5rem 0}
h2{font-size:1rem;margin:.5rem 0}.meta{color:#555}pre{white-space:pre-wrap;background:#f6f6f6;padding:.75rem}</style>
<h1>Local mailbox</h1><p>What the local worker sent (${messages.length}). JSON: <a href="/messages">/messages</a>. Nothing here left this machine.</p>
${rows || "<p>No mail yet: submit a form on the demo page.</p>"}</html>`;
}

/** Starts the mailbox on `port` (0: any free port) of 127.0.0.1. */
export async function startMailboxStandIn(
  options: { port?: number; onMessage?: (message: MailboxMessage) => void } = {},
): Promise<MailboxStandIn> {
  const messages: MailboxMessage[] = [];
  const attempts = new Map<string, number>();
  const idempotent = new Map<string, { body: string; id: string }>();
  let counter = 0;

  const store = (m: Omit<MailboxMessage, "id" | "at">) => {
    const message = { ...m, id: `local-${Date.now().toString(36)}-${++counter}`, at: new Date().toISOString() };
    messages.push(message);
    options.onMessage?.(message);
    return message;
  };
  // The failure to play for this attempt, if any (fail-first-N counts attempts per mail).
  const failure = (to: string, mailId: string) => {
    const played = playedFailure(to);
    if (!played) return undefined;
    const [kind, n] = played;
    if (kind !== "fail-first") return kind;
    const seen = (attempts.get(mailId) ?? 0) + 1;
    attempts.set(mailId, seen);
    return seen <= n ? kind : undefined;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://mailbox");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const to = url.searchParams.get("to")?.toLowerCase();
    const selected = () => messages.filter((m) => !to || bareAddress(m.to) === to);

    if (req.method === "GET" && url.pathname === "/messages") return json(200, selected());
    if (req.method === "DELETE" && url.pathname === "/messages") {
      const keep = messages.filter((m) => to && bareAddress(m.to) !== to);
      messages.splice(0, messages.length, ...keep);
      return json(200, { ok: true });
    }
    if (req.method === "GET" && url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(messages));
      return;
    }

    if (req.method === "POST" && url.pathname === "/cloudflare/send") {
      const b = await readJson(req);
      const recipient = Array.isArray(b?.to) ? String(b.to[0]) : String(b?.to ?? "");
      if (!b || !recipient || !b.from || !b.subject) {
        return json(400, { code: "E_FIELD_MISSING", message: "Missing `to`, `from`, or `subject`" });
      }
      const played = failure(recipient, `${recipient}|${String(b.subject)}`);
      if (played) {
        const [code, message] = BINDING_CODES[played]!;
        return json(400, { code, message });
      }
      const m = store({
        provider: "cloudflare",
        to: recipient,
        from: addressText(b.from as Address),
        replyTo: b.replyTo ? addressText(b.replyTo as Address) : null,
        subject: String(b.subject),
        text: String(b.text ?? ""),
        html: typeof b.html === "string" ? b.html : null,
        headers: (b.headers as Record<string, string>) ?? {},
        idempotencyKey: null,
      });
      return json(200, { messageId: `<${m.id}@mailbox.local>` });
    }

    if (req.method === "POST" && url.pathname === "/emails") {
      if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
        return json(401, {
          statusCode: 401,
          name: "missing_api_key",
          message: "Missing API key in the authorization header.",
        });
      }
      const raw = await readJson(req);
      const key = req.headers["idempotency-key"];
      const idempotencyKey = typeof key === "string" ? key : null;
      if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) {
        return json(400, {
          statusCode: 400,
          name: "invalid_idempotency_key",
          message: "The key must be between 1-256 chars.",
        });
      }
      const recipients = Array.isArray(raw?.to) ? raw.to.map(String) : raw?.to ? [String(raw.to)] : [];
      if (!raw?.from || !raw.subject || recipients.length === 0) {
        return json(422, {
          statusCode: 422,
          name: "missing_required_field",
          message: "Missing `to`, `from` or `subject`.",
        });
      }
      const bodyText = JSON.stringify(raw);
      if (idempotencyKey) {
        const earlier = idempotent.get(idempotencyKey);
        if (earlier && earlier.body !== bodyText) {
          return json(409, {
            statusCode: 409,
            name: "invalid_idempotent_request",
            message: "Same idempotency key used with a different request payload.",
          });
        }
        if (earlier) return json(200, { id: earlier.id });
      }
      const played = failure(recipients[0]!, idempotencyKey ?? bodyText);
      if (played && RESEND_ERRORS[played]) {
        const [status, name, message] = RESEND_ERRORS[played];
        return json(status, { statusCode: status, name, message });
      }
      let id = "";
      for (const recipient of recipients) {
        id = store({
          provider: "resend",
          to: recipient,
          from: String(raw.from),
          replyTo: raw.reply_to ? String(raw.reply_to) : null,
          subject: String(raw.subject),
          text: String(raw.text ?? ""),
          html: typeof raw.html === "string" ? raw.html : null,
          headers: (raw.headers as Record<string, string>) ?? {},
          idempotencyKey,
        }).id;
      }
      if (idempotencyKey) idempotent.set(idempotencyKey, { body: bodyText, id });
      return json(200, { id });
    }
    json(404, { error: "not found" });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    bindingUrl: `${url}/cloudflare/send`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
