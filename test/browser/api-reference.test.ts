import { expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// The reference at /docs in Chromium against wrangler dev: it renders the generated document
// with nothing but this origin (no CDN, no fonts or proxy of a third party).
const product = useProduct({ worker: 8885, demo: 5285 });

it("/docs renders the operations of /v1/openapi.json, loading nothing from another origin", async () => {
  const page = await product.browser.newPage();
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(product.stack.collector) && !request.url().startsWith("data:")) {
      elsewhere.push(request.url());
    }
  });
  await page.goto(`${product.stack.collector}/docs`);
  // A summary of the generated document, shown by Scalar once it has fetched and rendered it.
  await expect.poll(() => page.getByText("Health check").first().isVisible(), { timeout: 30_000 }).toBe(true);
  expect(elsewhere).toEqual([]);
  await page.close();
});
