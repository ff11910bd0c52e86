import { expect, it } from "vitest";
import { openView, signedIn } from "./dashboard-helpers.ts";
import { sendDemoForm, useProduct } from "./harness.ts";

// The install view's Google Tag Manager tag, inserted the way a tag manager does it
// (demo/tag-manager.html: after the page's load event, its <script> elements re-created by
// script). The loader must still find its tag, render the form, and deliver the submission.
const product = useProduct({ worker: 8846, demo: 5246 });

it("the tag manager version of the install view's tag works when inserted after load: form rendered, submission stored once", async () => {
  const { context, page } = await signedIn(product.browser, product.stack);
  await openView(page, "/app/install", "#snippet-gtm");
  const tag = await page.locator("#snippet-gtm").inputValue();
  expect(tag).toContain(`"data-site", "${product.stack.siteKey}"`);
  await context.close();

  const visitor = await product.browser.newPage();
  // demo/tag-manager.html inserts the tag after "#" after load, as a tag manager does.
  await visitor.goto(`${product.stack.demo}/tag-manager.html#${encodeURIComponent(tag)}`);
  // The tag manager brought the loader, with this site's key.
  await visitor.waitForFunction(() => document.body.dataset.tagInserted === "yes");
  expect(await visitor.locator('script[src$="/w.js"]').getAttribute("data-site")).toBe(product.stack.siteKey);

  const form = visitor.locator("#gtm-form [data-hikiai-state]");
  await form.waitFor();
  const stored = await sendDemoForm(product.stack, form, "gtm@example.jp", "GTM");
  expect(stored).toHaveLength(1);
  expect(stored[0]!.context.pageUrl).toBe(`${product.stack.demo}/tag-manager.html`);
  await visitor.close();
});
