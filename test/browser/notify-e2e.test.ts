import { describe, expect, it } from "vitest";
import { eventually, listInquiries, useProduct } from "./harness.ts";

// widget → collector → queue → the local receiver (a real HTTP server), which verifies each
// signature and fails the first 2 attempts of every webhook-id, then accepts. Retry delays of
// 1 s (NOTIFY_RETRY_DELAYS) instead of 10 s and 1 min keep the test short; the path is the same.
const product = useProduct(
  { worker: 7940, demo: 4340 },
  { receiverPath: "/fail-first/2/e2e", vars: { NOTIFY_RETRY_DELAYS: "1,1" } },
);

const people = [
  { email: "e2e.one@example.jp", name: "一号 太郎", message: "デモを希望します（一）" },
  { email: "e2e.two@example.jp", name: "二号 花子", message: "デモを希望します（二）" },
];

describe("notifications end to end", () => {
  it("each inquiry from the widget arrives once per webhook-id, signed, after 2 refused attempts", async () => {
    for (const person of people) {
      const page = await product.browser.newPage();
      await page.goto(`${product.stack.demo}/`);
      const form = page.locator("#demo-form [data-hikiai-state]");
      await form.locator('[name="email"]').fill(person.email);
      await form.locator('[name="name"]').fill(person.name);
      await form.locator('[name="message"]').fill(person.message);
      await form.locator('[type="submit"]').click();
      await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
      await page.close();
    }
    const inquiries = (await listInquiries(product.stack)).filter((i) =>
      people.some((p) => p.email === i.contact.email),
    );
    expect(inquiries).toHaveLength(2);

    const { received } = product.stack.receiver;
    const accepted = () => received.filter((m) => m.answered === 204);
    await eventually(async () => (accepted().length >= 2 ? true : undefined), 30_000);
    // A moment for anything sent twice to show up.
    await new Promise((resolve) => setTimeout(resolve, 3000));

    expect(received.every((m) => m.verified === true)).toBe(true);
    const byInquiry = new Map<string, Set<string>>();
    for (const m of received) {
      const event = JSON.parse(m.body) as { type: string; data: { inquiry: { id: string } } };
      expect(event.type).toBe("inquiry.created");
      const ids = byInquiry.get(event.data.inquiry.id) ?? new Set();
      ids.add(m.id!);
      byInquiry.set(event.data.inquiry.id, ids);
    }
    // Exactly one delivery id per inquiry, and every inquiry got one.
    expect([...byInquiry.keys()].sort()).toEqual(inquiries.map((i) => i.id).sort());
    for (const ids of byInquiry.values()) expect(ids.size).toBe(1);
    // Per delivery id: refused twice, then accepted once.
    for (const [id] of [...byInquiry.values()].map((ids) => [...ids])) {
      expect(received.filter((m) => m.id === id).map((m) => m.answered)).toEqual([500, 500, 204]);
    }
  }, 90_000);
});
