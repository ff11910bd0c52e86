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
  it("matches the reference libraries' example", () => {
    expect(signWebhook(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.body)).toBe(SPEC.signature);
  });

  it("verifies a fresh signature, also among several (rotation), and refuses tampering and stale timestamps", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    // A minute old: well inside the 5-minute replay window, whatever the machine's pace.
    const ts = Math.floor(Date.now() / 1000) - 60;
    const signature = signWebhook(secret, "msg_1", ts, "{}");
    const headers = { id: "msg_1", timestamp: String(ts), signature };
    expect(verifyWebhook(secret, headers, "{}")).toBe(true);
    expect(verifyWebhook(secret, { ...headers, signature: `v1,AAAA ${signature}` }, "{}")).toBe(true);
    expect(verifyWebhook(secret, headers, '{"a":1}')).toBe(false);
    expect(verifyWebhook(secret, { ...headers, id: "msg_2" }, "{}")).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), headers, "{}")).toBe(false);
    expect(verifyWebhook(secret, { ...headers, signature: null }, "{}")).toBe(false);
    // Correctly signed, but 10 minutes old or 10 minutes ahead: outside the replay window.
    for (const skewed of [ts - 540, ts + 660]) {
      const signed = { id: "msg_1", timestamp: String(skewed), signature: signWebhook(secret, "msg_1", skewed, "{}") };
      expect(verifyWebhook(secret, signed, "{}")).toBe(false);
    }
  });
});
