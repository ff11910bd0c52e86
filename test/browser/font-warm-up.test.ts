import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// The forms chunk starts a worker from a `blob:` URL that warms the renderer's font caches, and
// the forms' first step waits for it, at most 400 ms (widget/forms/warm.ts). Where the page's
// Content-Security-Policy forbids that worker, Chromium fires the worker's error event and other
// browsers throw from `new Worker`: either way the forms must go on at once, not live on that
// bound. Each test takes the bound away (a 400 ms timer never fires), so only the widget's own
// answer to the failure can bring the forms.
const product = useProduct({ worker: 9065, demo: 5465 });

/** Opens the demo page with the 400 ms bound taken away and `init` run first; the page's errors. */
async function open(page: Page, init?: () => void) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.addInitScript(() => {
    const set = window.setTimeout;
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) =>
      ms === 400 ? 0 : set(fn, ms, ...args)) as typeof setTimeout;
  });
  if (init) await page.addInitScript(init);
  return errors;
}

/** The demo form comes whole (no part hidden, its button there) and is sent. */
async function sendDemoForm(page: Page, email: string) {
  const host = page.locator("#demo-form [data-hikiai-form]");
  await host.scrollIntoViewIfNeeded();
  await expect
    .poll(
      () =>
        host.evaluate((el) => !!el.shadowRoot?.querySelector("[type=submit]") && !el.shadowRoot.querySelector(".w")),
      { timeout: 15_000 },
    )
    .toBe(true);
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.locator('[name="email"]').fill(email);
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
}

it("a page whose CSP forbids blob: workers gets its forms whole, and they send", async () => {
  const page = await product.browser.newPage();
  const blocked: string[] = [];
  page.on("console", (m) => /violates the following Content Security Policy/.test(m.text()) && blocked.push(m.text()));
  // The policy as a <meta> put first in <head> as the parser makes it: a response fulfilled by the
  // test would be a public page, which Chromium forbids to load w.js from this loopback collector.
  const errors = await open(page, () => {
    new MutationObserver((_, observer) => {
      if (!document.head) return;
      const meta = document.createElement("meta");
      meta.httpEquiv = "Content-Security-Policy";
      meta.content = "worker-src 'none'";
      document.head.insertBefore(meta, document.head.firstChild);
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${product.stack.demo}/`);
  await sendDemoForm(page, "csp-worker@example.jp");
  // The worker was tried and refused: what the page's CSP reports is that one worker.
  expect(blocked).toHaveLength(1);
  expect(blocked[0]).toContain("Creating a worker from 'blob:");
  expect(errors).toEqual([]);
  await page.close();
});

it("where creating the worker throws, the forms come whole, and they send", async () => {
  const page = await product.browser.newPage();
  const errors = await open(page, () => {
    window.Worker = function Worker() {
      throw new DOMException(
        "Access to the script is denied by the document's Content Security Policy",
        "SecurityError",
      );
    } as unknown as typeof Worker;
  });
  await page.goto(`${product.stack.demo}/`);
  await sendDemoForm(page, "worker-throws@example.jp");
  expect(errors).toEqual([]);
  await page.close();
});

it("where the worker is allowed, it measures and answers, the forms come without the bound, and its blob: URL goes", async () => {
  const page = await product.browser.newPage();
  const errors = await open(page, () => {
    // Each object URL made and revoked, so that the test can tell the worker's blob is let go.
    const urls = { made: [] as string[], revoked: [] as string[] };
    const { createObjectURL, revokeObjectURL } = URL;
    URL.createObjectURL = (blob) => {
      const url = createObjectURL(blob);
      urls.made.push(url);
      return url;
    };
    URL.revokeObjectURL = (url) => {
      urls.revoked.push(url);
      revokeObjectURL(url);
    };
    Object.assign(window, { urls });
    const Real = Worker;
    window.Worker = class extends Real {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        const answered = (how: string) => () => Object.assign(window, { warmUp: how });
        this.addEventListener("message", answered("message"));
        this.addEventListener("error", answered("error"));
      }
    };
  });
  await page.goto(`${product.stack.demo}/`);
  await sendDemoForm(page, "worker-warm@example.jp");
  expect(await page.evaluate(() => (window as unknown as { warmUp?: string }).warmUp)).toBe("message");
  const urls = await page.evaluate(() => (window as unknown as { urls: { made: string[]; revoked: string[] } }).urls);
  expect(urls.made).toHaveLength(1);
  expect(urls.revoked).toEqual(urls.made);
  expect(errors).toEqual([]);
  await page.close();
});
