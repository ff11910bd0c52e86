import { expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// The forms chunk (f-*.js) cannot be loaded: a flaky network, a blocked CDN path.
const product = useProduct({ worker: 8794, demo: 5186 });

it("an inline form retries the chunk once, then offers a retry that brings the form", async () => {
  const page = await product.browser.newPage();
  const requests: string[] = [];
  let fail = true;
  await page.route("**/f-*.js*", (route) => {
    requests.push(new URL(route.request().url()).pathname + new URL(route.request().url()).search);
    return fail ? route.abort("connectionreset") : route.continue();
  });
  await page.goto(`${product.stack.demo}/`);
  const box = page.locator("#demo-form [data-hikiai-form]");
  await box.scrollIntoViewIfNeeded();
  const retry = box.locator("button");
  await expect.poll(() => retry.textContent(), { timeout: 10_000 }).toBe("再読み込み");
  expect(await box.textContent()).toContain("フォームを読み込めません");
  // The first load tried the chunk's URL, then once more with a fresh one.
  expect(requests[0]).toMatch(/^\/f-[0-9a-f]+\.js\?0$/);
  expect(requests[1]).toBe(requests[0]?.replace("?0", "?1"));

  fail = false;
  await retry.click();
  const form = page.locator("#demo-form [data-hikiai-state]");
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 10_000 }).toBe("idle");
  // The notice (light DOM of the reserved box) is gone; the form lives in the shadow root.
  expect(await box.evaluate((el) => el.children.length)).toBe(0);
  await page.close();
});

it("a gated download link still downloads the file when the chunk cannot be loaded", async () => {
  const page = await product.browser.newPage();
  await page.route("**/f-*.js*", (route) => route.abort("connectionreset"));
  await page.goto(`${product.stack.demo}/`);
  const download = page.waitForEvent("download", { timeout: 15_000 });
  await page.locator("#download-whitepaper").click();
  expect((await download).url()).toBe(`${product.stack.demo}/files/whitepaper.pdf`);
  await page.close();
});
