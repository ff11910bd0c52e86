// What a visitor does on the demo page that form analytics counts (docs/analytics.md): shared by
// the analytics test (the API's counts) and the dashboard's forms panel test (the panel's).
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import type { LocalStack } from "../../scripts/local-stack.ts";

/** The demo page in a fresh context at 1280 px; `prepare` runs before it loads (routes, say). */
export async function openDemoPage(browser: Browser, stack: LocalStack, prepare?: (page: Page) => Promise<void>) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await prepare?.(page);
  await page.goto(`${stack.demo}/`);
  return page;
}

/** Closing the tab (unload handlers run): the page is hidden, and its beacon goes out. */
export const closeTab = (page: Page) => page.close({ runBeforeUnload: true });

/** Opens the quote dialog and types the e-mail, then the company: a view, a start, `company` touched last. */
export async function typeIntoQuoteDialog(page: Page) {
  await page.locator("#quote-button").click();
  const dialog = page.locator("[data-hikiai-dialog=quote] dialog");
  await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
  await dialog.locator('[name="email"]').fill("taro@example.jp");
  await dialog.locator('[name="company"]').fill("株式会社サンプル");
}

/**
 * Scrolls the inline demo form in, submits it with an invalid e-mail, fixes it and submits again
 * until it says success: a view, a start, two submit attempts, an error on `email`, one submission.
 */
export async function sendDemoAfterInvalidEmail(page: Page) {
  await page.locator("#demo-form").scrollIntoViewIfNeeded();
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.waitFor();
  // Slower than the too-fast trap (a person takes longer than 1.5 s).
  await page.waitForTimeout(1600);
  await form.locator('[name="email"]').fill("taro@");
  await form.locator('[name="message"]').fill(`analytics ${crypto.randomUUID()}`);
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state")).toBe("error");
  await form.locator('[name="email"]').fill("taro@example.jp");
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
}
