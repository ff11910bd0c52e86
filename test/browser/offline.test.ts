import { expect, it } from "vitest";
import { eventually, listInquiries, outboxText, useProduct } from "./harness.ts";

const product = useProduct({ worker: 8792, demo: 5182 });

async function fillDemoForm(page: import("playwright-core").Page, email: string, message: string) {
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.locator('[name="email"]').fill(email);
  await form.locator('[name="message"]').fill(message);
  await form.locator('[type="submit"]').click();
  return form;
}

const copiesOf = async (message: string) => (await listInquiries(product.stack)).filter((i) => i.message === message);

it("a submission made while the collector is down arrives exactly once after it is back and the page reloads", {
  timeout: 120_000,
}, async () => {
  const page = await product.browser.newPage();
  await page.goto(`${product.stack.demo}/`);
  await page.locator('#demo-form [name="email"]').waitFor();

  await product.stack.stopWorker();
  const message = `オフライン中の依頼 ${crypto.randomUUID()}`;
  const form = await fillDemoForm(page, "offline@example.jp", message);
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("queued");
  expect(await outboxText(page)).toContain(message);

  await product.stack.startWorker();
  await page.reload();
  // The outbox empties only when the collector has answered.
  // Within the entry's backoff (a new page view does not reset it; at most 60 s).
  await eventually(async () => ((await outboxText(page)).includes(message) ? undefined : true), 75_000);
  // A further page view must not send it again.
  await page.reload();
  await page.locator('#demo-form [name="email"]').waitFor();
  expect(await copiesOf(message)).toHaveLength(1);
  await page.close();
});

it("a submission whose response is lost on the way back is retried and stored once", async () => {
  const page = await product.browser.newPage();
  let dropped = 0;
  let posts = 0;
  await page.route("**/v1/collect/inquiry**", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts++;
    if (dropped === 0) {
      dropped++;
      await route.fetch(); // reaches the real collector, which stores it…
      return route.abort("connectionreset"); // …but the visitor's browser never hears back
    }
    return route.continue();
  });
  await page.goto(`${product.stack.demo}/`);
  const message = `応答が失われた依頼 ${crypto.randomUUID()}`;
  const form = await fillDemoForm(page, "lossy@example.jp", message);
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 20_000 }).toBe("success");
  expect(dropped).toBe(1);
  expect(posts).toBeGreaterThanOrEqual(2);
  expect(await copiesOf(message)).toHaveLength(1);
  await page.close();
});
