import { describe, expect, it } from "vitest";
import { listInquiries, query, useProduct } from "./harness.ts";

const product = useProduct({ worker: 8791, demo: 5181 });

describe("the widget on the demo host page", () => {
  it("submits a demo request that the team reads back through GET /v1/inquiries", async () => {
    const page = await product.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${product.stack.demo}/`);
    // What a site owner's analytics would listen to.
    await page.evaluate(() => {
      const events: unknown[] = [];
      Object.assign(window, { submittedEvents: events });
      document.addEventListener("hikiai:submitted", (e) => events.push((e as CustomEvent).detail));
    });
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
    const events = await page.evaluate(() => (window as unknown as { submittedEvents: unknown[] }).submittedEvents);
    expect(events).toEqual([{ kind: "demo", id: mine[0]?.id, duplicate: false }]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a form filler matching fields by name, as autofill and extensions do, leaves the honeypot empty: the inquiry is stored", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.locator('[type="submit"]').waitFor();
    const honeypot = form.locator(".hp input");
    expect(await honeypot.getAttribute("autocomplete")).toBe("off");
    expect(await honeypot.getAttribute("tabindex")).toBe("-1");
    expect(await form.locator(".hp").getAttribute("aria-hidden")).toBe("true");
    // Every input of the form, shown or not, whose name, id or autocomplete carries a token of
    // Chromium's autofill heuristics or of a form-filling extension's guesses.
    const filled = await form.evaluate((root) => {
      const tokens =
        /mail|name|company|organi[sz]ation|phone|tel|address|street|zip|postal|city|url|website|homepage|site/i;
      const names: string[] = [];
      for (const input of root.querySelectorAll("input")) {
        if (!tokens.test(`${input.name} ${input.id} ${input.getAttribute("autocomplete") ?? ""}`)) continue;
        input.value = /mail/i.test(input.name) ? "autofill@example.jp" : "オートフィル 花子";
        input.dispatchEvent(new Event("input", { bubbles: true }));
        names.push(input.name);
      }
      return names;
    });
    expect(filled.sort()).toEqual(["company", "email", "name"]);
    await form.locator('[name="message"]').fill("自動入力で送ります");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    // A trapped submission is answered like a stored one; only the team's list tells them apart.
    const inquiries = await listInquiries(product.stack);
    expect(inquiries.filter((i) => i.contact.email === "autofill@example.jp")).toHaveLength(1);
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

    const leads = await query(
      product.stack,
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

  it("an inline lead form for a resource without a file anywhere says it was sent and the file is not available, downloads nothing, and its thanks fill the card", async () => {
    const page = await product.browser.newPage();
    const downloads: string[] = [];
    page.on("download", (d) => downloads.push(d.url()));
    await page.goto(`${product.stack.demo}/`);
    const card = page.locator("#pricelist-form [data-hikiai-state]");
    await card.locator('[name="email"]').fill("no.file@example.jp");
    await card.locator('[type="submit"]').click();
    await expect.poll(() => card.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    const status = card.locator('[role="status"]');
    expect(await status.textContent()).toBe("ありがとうございます。送信が完了しましたが、資料はご用意できません。");
    // The thanks sit in the middle of the room the form had, not on its first line.
    const [box, line] = [await card.boundingBox(), await status.boundingBox()];
    const gapAbove = line!.y - box!.y;
    const gapBelow = box!.y + box!.height - (line!.y + line!.height);
    expect(gapAbove).toBeGreaterThan(48);
    expect(Math.abs(gapAbove - gapBelow)).toBeLessThan(4);
    expect(downloads).toEqual([]);
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

  it("opens a quote request in a dialog from a button and stores it", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    await page.locator("#quote-button").click();
    const dialog = page.locator('[data-hikiai-dialog="quote"] dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    const form = dialog.locator("[data-hikiai-state]");
    await form.locator('[name="email"]').fill("buyer@example.jp");
    await form.locator('[name="message"]').fill("100台分の見積をお願いします");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    const quote = (await listInquiries(product.stack)).find((i) => i.contact.email === "buyer@example.jp");
    expect(quote).toMatchObject({ kind: "quote", message: "100台分の見積をお願いします" });

    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await page.close();
  });

  it("a form submitted twice before it shows that it is sending sends one submission", async () => {
    const page = await product.browser.newPage();
    const sent: string[] = [];
    page.on("request", (r) => r.method() === "POST" && sent.push(new URL(r.url()).pathname));
    await page.goto(`${product.stack.demo}/`);
    const card = page.locator("#demo-form [data-hikiai-state]");
    await card.locator('[name="email"]').fill("twice@example.jp");
    // Both in one task: the check and the send run in a task after the submit's.
    await card.locator("form").evaluate((form) => {
      (form as HTMLFormElement).requestSubmit();
      (form as HTMLFormElement).requestSubmit();
    });
    await expect.poll(() => card.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    await page.waitForLoadState("networkidle");
    expect(sent.filter((path) => path.startsWith("/v1/collect/"))).toEqual(["/v1/collect/inquiry"]);
    await page.close();
  });

  it("speaks English where the element asks for it, with the schema's reasons", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    // Inline forms render as they near the viewport; this one is at the bottom of the page.
    await page.locator("#contact-form-en").scrollIntoViewIfNeeded();
    const form = page.locator("#contact-form-en [data-hikiai-state]");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.locator('[data-error-for="email"]').textContent()).toBe("Please fill in this field");
    expect(await form.locator('[data-error-for="message"]').textContent()).toBe("Please fill in this field");
    expect(await form.locator("label[for]").first().textContent()).toMatch(/mail/i);
    await page.close();
  });

  it("keeps the host page's CSS out of the widget", async () => {
    const page = await product.browser.newPage();
    await page.goto(`${product.stack.demo}/`);
    // The demo page styles every button red (#b3121f, !important), inputs 12px on yellow,
    // and forces a Mincho font on `*` with !important.
    const style = (selector: string) =>
      page.locator(selector).evaluate((el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, fontSize: s.fontSize, fontFamily: s.fontFamily };
      });
    const hostButton = await style("#quote-button");
    expect(hostButton.background).toBe("rgb(179, 18, 31)"); // the host's rule is in force…
    const widgetButton = await style('#demo-form [type="submit"]');
    expect(widgetButton.background).not.toBe(hostButton.background); // …but not inside the widget
    expect(widgetButton.fontFamily).not.toMatch(/Mincho/);
    const widgetInput = await style('#demo-form [name="email"]');
    expect(widgetInput.background).not.toBe("rgb(255, 243, 196)");
    expect(widgetInput.fontSize).toBe("16px");
    await page.close();
  });
});
