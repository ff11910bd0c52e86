import { describe, expect, it } from "vitest";
import { listInquiries, queryD1, useProduct } from "./harness.ts";

const product = useProduct({ worker: 8791, demo: 5181 });

describe("the widget on the demo host page", () => {
  it("submits a demo request that the team reads back through GET /v1/inquiries", async () => {
    const page = await product.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${product.stack.demo}/`);
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill("ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ"); // full-width, as typed on a Japanese IME
    await form.locator('[name="name"]').fill("佐藤 一郎");
    await form.locator('[name="company"]').fill("株式会社テスト");
    await form.locator('[name="message"]').fill("来月の導入に向けてデモを希望します");
    await form.locator('[name="preferredTime"]').fill("平日 14時以降");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");

    const inquiries = await listInquiries(product.stack);
    const mine = inquiries.filter((i) => i.contact.email === "sato@example.jp");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: "demo",
      message: "来月の導入に向けてデモを希望します",
      preferredTime: "平日 14時以降",
      contact: { name: "佐藤 一郎", company: "株式会社テスト" },
      context: { pageUrl: `${product.stack.demo}/` },
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("gates a download: the lead is stored and the file download starts", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/?utm_source=newsletter&utm_campaign=winter`);
    await page.locator("#download-whitepaper").click();
    const dialog = page.locator("[data-hikiai-dialog] [data-hikiai-state]");
    await dialog.locator('[name="email"]').fill("lead.one@example.jp");
    const download = page.waitForEvent("download", { timeout: 15_000 });
    await dialog.locator('[type="submit"]').click();
    expect((await download).url()).toBe(`${product.stack.demo}/files/whitepaper.pdf`);

    const leads = queryD1(
      product.persistTo,
      "SELECT l.resource_id, l.download_count, l.utm_source, l.utm_campaign, c.email FROM leads l JOIN contacts c ON c.id = l.contact_id",
    );
    expect(leads).toContainEqual({
      resource_id: "whitepaper-2026",
      download_count: 1,
      utm_source: "newsletter",
      utm_campaign: "winter",
      email: "lead.one@example.jp",
    });
    await page.close();
  });

  it("shows the schema's errors next to the fields, in Japanese, and sends nothing", async () => {
    const page = await product.browser.newPage();
    const posts: string[] = [];
    page.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
    await page.goto(`${product.stack.demo}/`);
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill("not-an-address");
    await form.locator('[type="submit"]').click();
    const error = form.locator('[data-error-for="email"]');
    await expect.poll(() => error.textContent()).toMatch(/メールアドレス/);
    expect(await form.locator('[name="email"]').getAttribute("aria-invalid")).toBe("true");
    expect(posts).toEqual([]);
    await page.close();
  });

  it("opens a quote request in a dialog from a button, in English where the element asks for it", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    await page.locator("#quote-button").click();
    const dialog = page.locator("[data-hikiai-dialog] [data-hikiai-state]");
    await expect.poll(() => dialog.locator('[name="message"]').isVisible()).toBe(true);
    expect(await page.locator("#contact-form-en").textContent({ timeout: 5000 }).catch(() => "")).toBeDefined();
    const en = page.locator("#contact-form-en [data-hikiai-state]");
    expect(await en.locator('[type="submit"]').textContent()).toMatch(/[A-Za-z]/);
    await page.close();
  });

  it("keeps the host page's CSS out of the widget", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    const hostButtonFont = await page.locator("#quote-button").evaluate((b) => getComputedStyle(b).fontFamily);
    const widgetButtonFont = await page
      .locator('#demo-form [type="submit"]')
      .evaluate((b) => getComputedStyle(b).fontFamily);
    expect(widgetButtonFont).not.toBe(hostButtonFont);
    await page.close();
  });
});
