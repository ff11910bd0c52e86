import { expect, it } from "vitest";
import { sendDemoForm, useProduct } from "./harness.ts";

// demo/spa.html: a single-page app renders a view with a form and a quote button after load;
// the loader's MutationObserver picks both up without hikiai.scan().
const product = useProduct({ worker: 8812, demo: 5212 });

it("marked elements added after load are picked up without scan(): room reserved, form rendered, dialog opens", async () => {
  const page = await product.browser.newPage();
  await page.goto(`${product.stack.demo}/spa.html`);
  await page.waitForFunction(() => (window as unknown as { hikiai?: { version?: string } }).hikiai?.version);
  expect(await page.locator("[data-hikiai-form]").count()).toBe(0);

  await page.locator("#go").click();
  // The room is there as soon as the element is (the loader's stylesheet), before any script ran.
  expect(await page.locator("#spa-form").evaluate((el) => getComputedStyle(el).minHeight)).toBe("740px");
  const form = page.locator("#spa-form [data-hikiai-state]");
  await form.waitFor();

  await page.locator("#spa-quote").click();
  await page.locator('[data-hikiai-dialog="quote"] dialog[open]').waitFor();
  await page.keyboard.press("Escape");

  expect(await sendDemoForm(product.stack, form, "spa@example.jp", "SPA")).toHaveLength(1);
  await page.close();
});
