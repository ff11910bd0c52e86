// The notifications guide's "verify by hand" snippet is what receivers copy: run it, as written, on messages
// signed the way the worker signs them, including the two signatures of a rotation's overlap.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook } from "../../shared/webhook-signature.ts";

type Verify = (secret: string, headers: Record<string, string>, rawBody: string) => boolean;

function guideVerify(): Verify {
  const guide = readFileSync(new URL("../../docs/notifications.md", import.meta.url), "utf8");
  const block = /Or by hand[^\n]*\n\n```js\n([\s\S]*?)```/.exec(guide)?.[1];
  if (!block) throw new Error("docs/notifications.md: the by-hand verification snippet is missing");
  const body = block.replace(/^import .*$/m, "");
  return new Function("createHmac", "timingSafeEqual", `${body}\nreturn verify;`)(createHmac, timingSafeEqual);
}

type LibraryVerify = (secret: string, headers: Record<string, string>, rawBody: string) => unknown;

/** The guide's snippet with the `standardwebhooks` library, run as written (it throws when invalid). */
function guideLibraryVerify(): LibraryVerify {
  const guide = readFileSync(new URL("../../docs/notifications.md", import.meta.url), "utf8");
  const block = /With the Standard Webhooks library[^\n]*\n\n```js\n([\s\S]*?)```/.exec(guide)?.[1];
  if (!block) throw new Error("docs/notifications.md: the library verification snippet is missing");
  const body = block.replace(/^import .*$/m, "");
  return (secret, headers, rawBody) =>
    new Function("Webhook", "process", "req", "rawBody", `${body}\nreturn event;`)(
      Webhook,
      { env: { HIKIAI_WEBHOOK_SECRET: secret } },
      { headers },
      rawBody,
    );
}

describe("docs/notifications.md's signature verification snippets", () => {
  it("with the library: accepts a message during a rotation's overlap with either secret, refuses a third", () => {
    const verify = guideLibraryVerify();
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"webhook.test"}';
    const both = `${signWebhook(newSecret, "msg_1", ts, body)} ${signWebhook(oldSecret, "msg_1", ts, body)}`;
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(ts), "webhook-signature": both };
    expect(verify(oldSecret, headers, body)).toEqual({ type: "webhook.test" });
    expect(verify(newSecret, headers, body)).toEqual({ type: "webhook.test" });
    expect(() => verify(newWebhookSecret(), headers, body)).toThrow("No matching signature");
    expect(() => verify(newSecret, headers, `${body} `)).toThrow("No matching signature");
  });

  it("by hand: accepts a message during a rotation's overlap with either secret, and refuses a third", async () => {
    const verify = guideVerify();
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"webhook.test"}';
    const both = `${await signWebhook(newSecret, "msg_1", ts, body)} ${await signWebhook(oldSecret, "msg_1", ts, body)}`;
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(ts), "webhook-signature": both };
    expect(verify(oldSecret, headers, body)).toBe(true);
    expect(verify(newSecret, headers, body)).toBe(true);
    expect(verify(newWebhookSecret(), headers, body)).toBe(false);
    expect(verify(newSecret, headers, `${body} `)).toBe(false);
    // Correctly signed but 10 minutes old: the replay window refuses it.
    const stale = { "webhook-id": "msg_1", "webhook-timestamp": String(ts - 600) };
    const staleSig = await signWebhook(newSecret, "msg_1", ts - 600, body);
    expect(verify(newSecret, { ...stale, "webhook-signature": staleSig }, body)).toBe(false);
  });
});
