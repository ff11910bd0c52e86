import { describe, expect, it } from "vitest";
import { LIMITS } from "../../shared/limits.ts";
import { InquirySubmissionSchema, LeadSubmissionSchema } from "../../shared/schemas.ts";

// A visitor's valid form must never be refused with a 413: the largest body the schemas accept
// (every free-text character a 3-byte one, every URL and touch at full length, every optional
// field present) must fit LIMITS.body.
const ja = (n: number) => "あ".repeat(n);
const url = (n: number) => `https://example.jp/${"a".repeat(n - 19)}`;
const utm = {
  source: ja(LIMITS.utm),
  medium: ja(LIMITS.utm),
  campaign: ja(LIMITS.utm),
  term: ja(LIMITS.utm),
  content: ja(LIMITS.utm),
};
const touch = { landingUrl: url(LIMITS.touchUrl), referrer: ja(LIMITS.touchUrl), utm, at: Date.now() };
const hidden = Object.fromEntries(
  Array.from({ length: LIMITS.hiddenFields }, (_, i) => [
    `${i}`.padStart(LIMITS.hiddenName, "h"),
    ja(LIMITS.hiddenValue),
  ]),
);
const largest = {
  submissionId: crypto.randomUUID(),
  kind: "demo",
  email: `${"a".repeat(64)}@${"b".repeat(LIMITS.email - 69)}.jp`,
  name: ja(LIMITS.name),
  company: ja(LIMITS.company),
  message: ja(LIMITS.message),
  preferredTime: ja(LIMITS.preferredTime),
  context: {
    pageUrl: url(LIMITS.url),
    referrer: ja(LIMITS.url),
    locale: "x".repeat(LIMITS.locale),
    utm,
    attribution: { first: touch, last: touch },
  },
  hidden,
  hp: "h".repeat(LIMITS.hp),
  fillMs: 123_456,
  consent: { version: "v".repeat(LIMITS.consentVersion), privacyUrl: url(LIMITS.url) },
  turnstileToken: "t".repeat(LIMITS.turnstileToken),
};

describe("the body limit", () => {
  it("fits the largest valid inquiry and lead", () => {
    expect(InquirySubmissionSchema.safeParse(largest).success).toBe(true);
    const { kind: _k, message: _m, preferredTime: _p, ...rest } = largest;
    const lead = { ...rest, resourceId: ja(LIMITS.resourceId) };
    expect(LeadSubmissionSchema.safeParse(lead).success).toBe(true);
    for (const body of [largest, lead]) {
      expect(new TextEncoder().encode(JSON.stringify(body)).length).toBeLessThanOrEqual(LIMITS.body);
    }
  });
});
