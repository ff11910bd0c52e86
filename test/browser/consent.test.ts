import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { sendDemoForm, useProduct } from "./harness.ts";

// demo/consent.html: the embed tag has data-consent="wait", so the loader stores no attribution
// until the page calls hikiai('consent', true); forms and the outbox work meanwhile.
const product = useProduct({ worker: 8855, demo: 5255 });

/** The loader's attribution keys in the page's localStorage (the outbox's are not among them). */
const touchKeys = (page: Page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("hikiai:touch")));

const attributionOf = (inquiry: unknown) =>
  (inquiry as { context: { attribution?: { first?: { utm?: Record<string, string> } } } }).context.attribution;

it("with data-consent=wait nothing is stored for attribution until consent; forms still send; consent records this page view", async () => {
  const page = await (await product.browser.newContext()).newPage();
  await page.goto(`${product.stack.demo}/consent.html?utm_source=google`);
  const form = page.locator("#consent-form [data-hikiai-state]");
  // The form renders in a task after the one that would have recorded the touch.
  await form.waitFor();
  expect(await touchKeys(page)).toEqual([]);
  await page.locator("#decline").click();
  // A campaign link inside the site, still waiting: nothing either.
  await page.goto(`${product.stack.demo}/consent.html?utm_source=newsletter&utm_campaign=spring`);
  await form.waitFor();
  expect(await touchKeys(page)).toEqual([]);

  // The submission is stored without attribution, and nothing of attribution stayed behind.
  const [before] = await sendDemoForm(product.stack, form, "waiting@example.jp", "Before consent");
  expect(attributionOf(before)?.first ?? null).toBeNull();
  expect(await touchKeys(page)).toEqual([]);

  // Consent: this page view becomes the first (and last) touch, and the next submission has it.
  await page.locator("#agree").click();
  await expect.poll(() => touchKeys(page)).toEqual(["hikiai:touch:v1"]);
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem("hikiai:touch:v1")))!);
  expect(stored.first).toMatchObject({
    landingUrl: `${product.stack.demo}/consent.html`,
    utm: { source: "newsletter", campaign: "spring" },
  });
  expect(stored.last).toEqual(stored.first);
  // The page's second form, in the same page view.
  const second = page.locator("#second-form [data-hikiai-state]");
  await page.locator("#second-form").scrollIntoViewIfNeeded();
  await second.waitFor();
  const [after] = await sendDemoForm(product.stack, second, "agreed@example.jp", "After consent");
  expect(attributionOf(after)?.first?.utm).toEqual({ source: "newsletter", campaign: "spring" });
  await page.context().close();
});

it("a consent given before w.js arrives (queued) records the page view once the loader runs", async () => {
  const page = await (await product.browser.newContext()).newPage();
  await page.goto(`${product.stack.demo}/consent.html?utm_source=queued#agreed`);
  await expect.poll(() => touchKeys(page)).toEqual(["hikiai:touch:v1"]);
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem("hikiai:touch:v1")))!);
  expect(stored.first.utm).toEqual({ source: "queued" });
  await page.context().close();
});

it("without data-consent the touch is stored at load, as before", async () => {
  const page = await (await product.browser.newContext()).newPage();
  await page.goto(`${product.stack.demo}/index.html?utm_source=direct-test`);
  await expect.poll(() => touchKeys(page)).toEqual(["hikiai:touch:v1"]);
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem("hikiai:touch:v1")))!);
  expect(stored.first.utm).toEqual({ source: "direct-test" });
  await page.context().close();
});
