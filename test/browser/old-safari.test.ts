import { expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// Safari 16.0–16.3 (a target of the build) has no constructed stylesheets: `new CSSStyleSheet()`
// throws "Illegal constructor" and `document.adoptedStyleSheets` does not exist. Played here in
// Chromium by taking both away before w.js runs.
const product = useProduct({ worker: 8851, demo: 5251 });

it("without constructed stylesheets the widget starts and its forms work (without the room reserved)", async () => {
  const page = await product.browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    const Sheet = CSSStyleSheet;
    const illegal = function CSSStyleSheet() {
      throw new TypeError("Illegal constructor");
    } as unknown as typeof CSSStyleSheet;
    illegal.prototype = Sheet.prototype;
    window.CSSStyleSheet = illegal;
    Object.defineProperty(Document.prototype, "adoptedStyleSheets", { get: () => undefined, configurable: true });
  });
  await page.goto(`${product.stack.demo}/index.html`);
  await expect.poll(() => page.evaluate(() => Boolean(window.hikiai?.version))).toBe(true);
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.scrollIntoViewIfNeeded();
  await form.locator('[name="email"]').fill("old-safari@example.jp");
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
  expect(errors).toEqual([]);
  await page.close();
});
