// The notifications guide's "verify by hand" snippet is what receivers copy: run it, as written, on messages
// signed the way the worker signs them, including the two signatures of a rotation's overlap.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
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

describe("docs/notifications.md's signature verification snippet", () => {
  it("accepts a message during a rotation's overlap with either secret, and refuses a third", async () => {
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
