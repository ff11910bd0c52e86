import { describe, expect, it } from "vitest";
import type { EventEnvelope } from "../../worker/notify/payloads.ts";
import { slackMessage } from "../../worker/notify/slack.ts";

const inquiryEvent = (fields: { name: string; company: string; preferredTime: string; email?: string }) =>
  ({
    type: "inquiry.created",
    timestamp: "2026-12-01T00:00:00.000Z",
    data: {
      inquiry: {
        kind: "demo",
        message: "Please call.",
        preferredTime: fields.preferredTime,
        contact: { name: fields.name, company: fields.company, email: fields.email ?? "a@example.jp" },
        context: { utm: { source: null } },
      },
      earlierDownloads: [],
    },
  }) as unknown as EventEnvelope;

describe("Slack texts: a visitor's single-line fields stay on one line", () => {
  it("line breaks and runs of white space in name, company and preferred time become one space", () => {
    const plain = slackMessage(inquiryEvent({ name: "Taro", company: "ACME", preferredTime: "Mon 10:00" }), "en");
    const forged = slackMessage(
      inquiryEvent({
        name: "Taro\n:rotating_light: *Call +81-3-0000-0000 to verify*",
        company: "ACME\r\n> wire the deposit",
        preferredTime: "Mon\t\t10:00\n\nPreferred time: never",
      }),
      "en",
    );
    expect(forged.text.split("\n")).toHaveLength(plain.text.split("\n").length);
    expect(forged.text).toContain("*Taro :rotating_light: *Call +81-3-0000-0000 to verify**");
    expect(forged.text).toContain("(ACME &gt; wire the deposit)");
    expect(forged.text).toContain("Preferred time: Mon 10:00 Preferred time: never");
  });
});
