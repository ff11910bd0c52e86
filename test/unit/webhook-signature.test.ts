import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook, verifyWebhook } from "../../shared/webhook-signature.ts";

// The example of the Standard Webhooks reference libraries (svix): a receiver using those
// libraries checks exactly this.
const SPEC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signature", () => {
  it("matches the reference libraries' example", async () => {
    expect(await signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it("verifies a fresh signature, also among several (rotation), and refuses tampering and stale timestamps", async () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const now = 1_800_000_000;
    const signature = await signWebhook(secret, "msg_1", now, "{}");
    const headers = { id: "msg_1", timestamp: String(now), signature };
    expect(await verifyWebhook(secret, headers, "{}", now + 60)).toBe(true);
    expect(await verifyWebhook(secret, { ...headers, signature: `v1,AAAA ${signature}` }, "{}", now)).toBe(true);
    expect(await verifyWebhook(secret, headers, '{"a":1}', now)).toBe(false);
    expect(await verifyWebhook(secret, { ...headers, id: "msg_2" }, "{}", now)).toBe(false);
    expect(await verifyWebhook(newWebhookSecret(), headers, "{}", now)).toBe(false);
    expect(await verifyWebhook(secret, headers, "{}", now + 301)).toBe(false);
  });
});
