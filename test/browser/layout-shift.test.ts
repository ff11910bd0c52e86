import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// Layout shift is exact (the browser reports every shift), so it is asserted, not benchmarked.
const product = useProduct({ worker: 8795, demo: 5187 });
const INLINE = ["#pricelist-form", "#demo-form", "#contact-form-en"];

/** Collects layout-shift entries from the first paint on, as Core Web Vitals' CLS counts them. */
async function openWatched(width: number) {
  const page = await product.browser.newPage({ viewport: { width, height: 3000 } });
  await page.addInitScript(() => {
    const shifts: { value: number; hadRecentInput: boolean }[] = [];
    Object.assign(window, { shifts });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        shifts.push({ value: e.value, hadRecentInput: e.hadRecentInput });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(`${product.stack.demo}/`);
  for (const id of INLINE) await page.locator(`${id} [data-hikiai-state]`).waitFor();
  await page.waitForTimeout(500);
  return page;
}

const cls = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { shifts: { value: number; hadRecentInput: boolean }[] }).shifts
      .filter((s) => !s.hadRecentInput)
      .reduce((sum, s) => sum + s.value, 0),
  );
const height = (page: Page, id: string) =>
  page.locator(`${id} [data-hikiai-form]`).evaluate((el) => el.getBoundingClientRect().height);

describe("no layout shift", () => {
  for (const width of [1280, 390]) {
    it(`CLS is 0 while the forms load and render, at ${width} px wide`, async () => {
      const page = await openWatched(width);
      expect(await cls(page)).toBe(0);
      await page.close();
    });
  }

  it("a dialog appears whole: CLS stays 0 from its opening through success", async () => {
    const page = await openWatched(1280);
    await page.locator("#quote-button").click();
    const form = page.locator("[data-hikiai-dialog=quote] [data-hikiai-state]");
    // Focus goes to its first input once the dialog shows, whole.
    await expect.poll(() => form.locator('[name="email"]').evaluate((el) => el.matches(":focus"))).toBe(true);
    await page.keyboard.type("whole@example.jp");
    await form.locator('[name="message"]').fill("見積をお願いします。");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    await page.waitForTimeout(600); // past the 500 ms after input that CLS forgives
    expect(await cls(page)).toBe(0);
    await page.close();
  });

  // A loaded collector answers late: the thanks then replace the form more than 500 ms after the
  // click, where a centred dialog that shrank would move its top and count as a shift.
  it("a dialog whose thanks come late keeps its place: CLS stays 0", async () => {
    const page = await openWatched(1280);
    await page.route("**/v1/collect/**", async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.locator("#quote-button").click();
    const form = page.locator("[data-hikiai-dialog=quote] [data-hikiai-state]");
    await form.locator('[name="email"]').fill("late@example.jp");
    await form.locator('[name="message"]').fill("見積をお願いします。");
    const box = () => page.locator("[data-hikiai-dialog=quote] dialog").boundingBox();
    const before = await box();
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    await page.waitForTimeout(600);
    expect(await cls(page)).toBe(0);
    expect(await box()).toEqual(before);
    await page.close();
  });

  it("a form keeps its height from the first render through success", async () => {
    const page = await openWatched(1280);
    const before = await height(page, "#demo-form");
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.locator('[name="email"]').fill("steady@example.jp");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    await page.waitForTimeout(600); // past the 500 ms after input that CLS forgives
    expect(await height(page, "#demo-form")).toBe(before);
    expect(await cls(page)).toBe(0);
    await page.close();
  });
});
