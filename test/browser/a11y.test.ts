import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// axe-core on every form state, in both languages (demo form: ja, contact form: en).
const product = useProduct({ worker: 8797, demo: 5189 });

async function violations(page: Page, selector: string, { inputs = true } = {}) {
  const result = await new AxeBuilder({ page } as never).include(selector).analyze();
  // Proof that axe looked inside our shadow root: it checked the inputs' labels.
  if (inputs) expect(result.passes.map((p) => p.id)).toContain("label");
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function open(path = "/") {
  // AxeBuilder needs a page from an explicit browser context.
  const page = await (await product.browser.newContext()).newPage();
  await page.goto(`${product.stack.demo}${path}`);
  for (const id of ["#demo-form", "#contact-form-en"]) {
    await page.locator(id).scrollIntoViewIfNeeded();
    await page.locator(`${id} [data-hikiai-state]`).waitFor();
  }
  return page;
}

describe("accessibility (axe-core, 0 violations)", () => {
  for (const [id, lang] of [
    ["#demo-form", "ja"],
    ["#contact-form-en", "en"],
  ] as const) {
    it(`${lang}: idle, error, refused and success states`, async () => {
      const page = await open();
      const form = page.locator(`${id} [data-hikiai-state]`);
      expect(await violations(page, id)).toEqual([]);

      await form.locator('[type="submit"]').click(); // nothing filled in
      await expect.poll(() => form.getAttribute("data-hikiai-state")).toBe("error");
      expect(await violations(page, id)).toEqual([]);

      // A collector that refuses the origin (answered with CORS, as the collector does).
      await page.route("**/v1/collect/**", (route) =>
        route.fulfill({
          status: 403,
          headers: { "access-control-allow-origin": product.stack.demo, "content-type": "application/json" },
          body: JSON.stringify({ error: { code: "origin_not_allowed", message: "…", fields: { origin: "…" } } }),
        }),
      );
      await form.locator('[name="email"]').fill("a11y@example.jp");
      await form.locator('[name="message"]').fill("アクセシビリティ確認");
      await form.locator('[type="submit"]').click();
      await expect.poll(() => form.getAttribute("data-hikiai-state")).toBe("refused");
      expect(await violations(page, id)).toEqual([]);

      await page.unroute("**/v1/collect/**");
      await form.locator('[type="submit"]').click();
      await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
      expect(await violations(page, id, { inputs: false })).toEqual([]);
      await page.context().close();
    });
  }

  it("the quote and download dialogs: 0 violations, titled, focus trapped and returned", async () => {
    const page = await open();
    await page.locator("#download-whitepaper").click();
    const download = page.locator('[data-hikiai-dialog="lead"] dialog');
    await expect.poll(() => download.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    // Checked as the visitor sees it: whole (it is built over a few frames, hidden until then).
    await download.locator("[type=submit]").waitFor();
    // The title names the resource (the link's text), not a generic "資料ダウンロード".
    expect(await download.locator("h2").textContent()).toContain("在庫最適化ガイド");
    expect(await violations(page, '[data-hikiai-dialog="lead"]')).toEqual([]);
    // Tabbing past the last control wraps inside the dialog; focus never leaves it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-hikiai-dialog"))).toBe("lead");
    }
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("download-whitepaper");

    await page.locator("#quote-button").click();
    await page.locator('[data-hikiai-dialog="quote"] dialog[open] [type=submit]').waitFor();
    expect(await violations(page, '[data-hikiai-dialog="quote"]')).toEqual([]);
    await page.context().close();
  });
});
