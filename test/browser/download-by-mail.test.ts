import { describe, expect, it } from "vitest";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";
import { eventually, useProduct } from "./harness.ts";

// A resource delivered by mail, end to end on the demo page: the visitor sends the inline
// price-list form, the form says the link was mailed (and downloads nothing), the local mailbox
// has the mail with the link, the link serves the file, and the team API shows the lead
// downloaded and the person verified.
const product = useProduct({ worker: 8905, demo: 5305 });

const EMAIL = "mail.download@example.jp";

interface LeadFromApi {
  id: string;
  resourceId: string;
  downloadedAt: string | null;
  contact: { email: string; verifiedAt: string | null };
}

async function teamApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { stack } = product;
  const res = await fetch(`${stack.collector}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const leadOf = async () =>
  (await teamApi<{ data: LeadFromApi[] }>("/v1/leads?resource=price-list")).data.find((l) => l.contact.email === EMAIL);

describe("download by mail", () => {
  it("the form says the link was mailed, the mailbox has it, the link downloads the file, the lead shows verified", async () => {
    const { stack, browser } = product;
    const fileUrl = `${stack.demo}/files/whitepaper.pdf`;
    // The demo site has a whole sender identity (npm start sets it), which delivery by mail needs.
    await teamApi("/v1/resources/price-list", {
      method: "PUT",
      body: JSON.stringify({ title: "料金表", fileUrl, delivery: "mail" }),
    });

    const page = await browser.newPage();
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.url()));
    await page.goto(`${stack.demo}/`);
    const form = page.locator("#pricelist-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill(EMAIL);
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    await expect.poll(() => form.textContent()).toContain("ダウンロード用のリンクをメールでお送りしました。");
    expect(downloads).toEqual([]);
    await page.close();

    const lead = await eventually(leadOf);
    expect(lead).toMatchObject({ downloadedAt: null, contact: { verifiedAt: null } });

    // The mail, as the mailbox stand-in lists it at GET /messages.
    const mail = await eventually(async () => {
      const res = await fetch(`${stack.mailboxUrl}/messages?to=${encodeURIComponent(EMAIL)}`);
      const messages = (await res.json()) as MailboxMessage[];
      return messages.find((m) => m.text.includes("/d/"));
    }, 30_000);
    const link = /https?:\/\/\S+\/d\/[\w.-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    expect(new URL(link!).origin).toBe(stack.collector);

    // Opening it: a redirect to the file, and the file itself.
    const opened = await fetch(link!, { redirect: "manual" });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(fileUrl);
    const file = await fetch(link!);
    expect(file.status).toBe(200);
    expect(file.url).toBe(fileUrl);
    expect(new TextDecoder().decode((await file.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const after = (await leadOf())!;
    expect(after.id).toBe(lead.id);
    expect(Date.parse(after.downloadedAt!)).not.toBeNaN();
    expect(after.contact.verifiedAt).toBe(after.downloadedAt);
    const verified = await teamApi<{ data: LeadFromApi[] }>("/v1/leads?verified=true");
    expect(verified.data.map((l) => l.id)).toContain(lead.id);
  }, 90_000);
});
