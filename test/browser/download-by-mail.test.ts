import { describe, expect, it } from "vitest";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";
import { axeViolations, openView, signedIn } from "./dashboard-helpers.ts";
import { eventually, useProduct } from "./harness.ts";

// A resource delivered by mail, end to end on the demo page: the visitor sends the inline
// price-list form, the form says the link was mailed (and downloads nothing), the local mailbox
// has the mail with the link, the link's page shows the resource and its button downloads the
// file (opening the link alone counts nothing), and the team API shows the lead
// downloaded and the person verified; the dashboard's lists, person page and KPI view show it.
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

/** Registers a resource of the demo page as delivered by mail (the demo site has the whole sender identity it needs). */
const deliverByMail = (resourceId: string, title: string) =>
  teamApi(`/v1/resources/${resourceId}`, {
    method: "PUT",
    body: JSON.stringify({ title, fileUrl: `${product.stack.demo}/files/whitepaper.pdf`, delivery: "mail" }),
  });

describe("download by mail", () => {
  it("the form says the link was mailed, the mailbox has it, the link downloads the file, the lead shows verified", async () => {
    const { stack, browser } = product;
    const fileUrl = `${stack.demo}/files/whitepaper.pdf`;
    await deliverByMail("price-list", "料金表");

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

    // Opening it (as a mail scanner does too): a page with the title and a button; nothing counted yet.
    const linkPage = await browser.newPage();
    await linkPage.goto(link!);
    await expect.poll(() => linkPage.locator("h1").first().textContent()).toBe("資料のダウンロード");
    expect(await linkPage.locator("main").textContent()).toContain("「料金表」");
    expect(await leadOf()).toMatchObject({ downloadedAt: null, contact: { verifiedAt: null } });
    // Pressing the button: on to the file (Chromium asks for it), the file itself.
    const [posted] = await Promise.all([
      linkPage.waitForResponse((r) => r.request().method() === "POST" && r.url() === link),
      linkPage.waitForRequest((r) => r.method() === "GET" && r.url() === fileUrl),
      linkPage.getByRole("button", { name: "ダウンロードする" }).click(),
    ]);
    expect(posted.status()).toBe(303);
    expect(posted.headers().location).toBe(fileUrl);
    await linkPage.close();
    const file = await fetch(fileUrl);
    expect(new TextDecoder().decode((await file.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const after = (await leadOf())!;
    expect(after.id).toBe(lead.id);
    expect(Date.parse(after.downloadedAt!)).not.toBeNaN();
    expect(after.contact.verifiedAt).toBe(after.downloadedAt);
    const verified = await teamApi<{ data: LeadFromApi[] }>("/v1/leads?verified=true");
    expect(verified.data.map((l) => l.id)).toContain(lead.id);
  }, 90_000);

  it("the dashboard shows the person verified in the leads, contacts and person views, filters by it, and counts it in the KPI view", async () => {
    const lead = (await leadOf())!;
    expect(lead.contact.verifiedAt, "the first test opened the link").not.toBeNull();
    const { context, page } = await signedIn(product.browser, product.stack, { width: 360 });
    const rowOf = (list: string, id: string) => page.locator(`[data-list=${list}] tr[data-row="${id}"]`);

    await openView(page, "/app/leads", "[data-list=leads]");
    await expect.poll(() => rowOf("leads", lead.id).locator("[data-verified]").textContent()).toBe("確認済み");
    expect(await page.locator("[data-list=leads] [data-verified]").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);

    await page.getByRole("combobox", { name: "メールアドレスの確認" }).selectOption("true");
    await expect.poll(() => new URL(page.url()).search).toBe("?verified=true");
    const verified = (await teamApi<{ data: LeadFromApi[] }>("/v1/leads?verified=true")).data.map((l) => l.id);
    await expect
      .poll(() =>
        page.locator("[data-list=leads] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row"))),
      )
      .toEqual(verified);

    const contacts = await teamApi<{ data: { id: string; email: string }[] }>("/v1/contacts?verified=true");
    const person = contacts.data.find((c) => c.email === EMAIL)!;
    await openView(page, "/app/contacts?verified=true", "[data-list=contacts]");
    expect(await rowOf("contacts", person.id).locator("[data-verified]").textContent()).toBe("確認済み");
    await openView(page, `/app/contacts/${person.id}`, "[data-timeline]");
    expect(await page.locator("#view-title [data-verified]").textContent()).toBe("確認済み");
    expect(await page.locator("[data-timeline] [data-verified]").count()).toBe(1);

    await openView(page, "/app/kpi", "[data-kpi-figure=verified]");
    const stats = await teamApi<{ totals: { leads: number; verifiedLeads: number } }>("/v1/stats");
    expect(stats.totals.verifiedLeads).toBeGreaterThanOrEqual(1);
    await expect
      .poll(() => page.locator("[data-kpi-figure=verified] strong").textContent())
      .toBe(String(stats.totals.verifiedLeads));
    await context.close();
  }, 90_000);

  it("a visitor whose inbox had its 3 mails of the day: the form downloads from the page, promising no fourth mail", async () => {
    const { stack, browser } = product;
    const fileUrl = `${stack.demo}/files/whitepaper.pdf`;
    await deliverByMail("whitepaper-2026", "在庫最適化ガイド");
    // Three requests by mail to one inbox (sub-addresses of it), each mailed before the next.
    const inbox = (tag: string) => `capped.visitor+${tag}@example.jp`;
    for (const tag of ["1", "2", "3"]) {
      const res = await fetch(`${stack.collector}/v1/collect/lead?site=${stack.siteKey}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: stack.demo },
        body: JSON.stringify({
          submissionId: crypto.randomUUID(),
          email: inbox(tag),
          resourceId: "whitepaper-2026",
          context: { pageUrl: `${stack.demo}/` },
        }),
      });
      expect(await res.json()).toMatchObject({ delivery: "mail" });
      await eventually(async () => {
        const res = await fetch(`${stack.mailboxUrl}/messages?to=${encodeURIComponent(inbox(tag))}`);
        return ((await res.json()) as MailboxMessage[]).length === 1 || undefined;
      }, 30_000);
    }

    const page = await browser.newPage();
    await page.goto(`${stack.demo}/`);
    await page.locator("#download-whitepaper").click();
    const dialog = page.locator("[data-hikiai-dialog] [data-hikiai-state]");
    await dialog.locator('[name="email"]').fill(inbox("4"));
    const download = page.waitForEvent("download", { timeout: 15_000 });
    await dialog.locator('[type="submit"]').click();
    expect((await download).url()).toBe(fileUrl);
    await expect.poll(() => dialog.textContent()).toContain("ダウンロードを開始しました。");
    expect(await dialog.textContent()).not.toContain("メールでお送りしました");
    await page.close();
  }, 90_000);

  it("an inline lead form (no link on the page) of a resource on the page: downloads the registered file and links it", async () => {
    const { stack, browser } = product;
    const fileUrl = `${stack.demo}/files/whitepaper.pdf`;
    await teamApi("/v1/resources/price-list", {
      method: "PUT",
      body: JSON.stringify({ title: "料金表", fileUrl, delivery: "page" }),
    });
    const page = await browser.newPage();
    await page.goto(`${stack.demo}/`);
    const form = page.locator("#pricelist-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill("inline.page@example.jp");
    const download = page.waitForEvent("download", { timeout: 15_000 });
    await form.locator('[type="submit"]').click();
    expect((await download).url()).toBe(fileUrl);
    await expect.poll(() => form.getAttribute("data-hikiai-state")).toBe("success");
    expect(await form.textContent()).toContain("ダウンロードを開始しました。");
    // The link stays beside the thanks, for a browser that held the download back.
    expect(await form.getByRole("link", { name: "資料はこちらからダウンロードできます" }).getAttribute("href")).toBe(
      fileUrl,
    );
    await page.close();
  }, 60_000);

  it("an inline lead form whose resource has no file anywhere: stored, and the form says the file is not available", async () => {
    const { stack, browser } = product;
    const removed = await fetch(`${stack.collector}/v1/resources/price-list`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    expect(removed.status).toBe(204);
    const page = await browser.newPage();
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.url()));
    await page.goto(`${stack.demo}/`);
    const form = page.locator("#pricelist-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill("inline.nofile@example.jp");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    expect(await form.textContent()).toContain("資料はご用意できません。");
    expect(await form.textContent()).not.toContain("ダウンロードを開始しました");
    expect(await form.getByRole("link", { name: "資料はこちらからダウンロードできます" }).count()).toBe(0);
    expect(downloads).toEqual([]);
    const stored = await teamApi<{ data: LeadFromApi[] }>("/v1/leads?resource=price-list");
    expect(stored.data.map((l) => l.contact.email)).toContain("inline.nofile@example.jp");
    await page.close();
  }, 60_000);
});
