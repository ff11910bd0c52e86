import fc from "fast-check";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { useProduct } from "./harness.ts";

// The page owner's `hikiai(...)` calls run on someone else's page: whatever they pass (names
// that are Object.prototype's, values of every type, a broken queue), nothing may be thrown
// into the page (synchronously or as an unhandled rejection) and the widget must keep working.
const product = useProduct({ worker: 8850, demo: 5250 });

/** Names that collide with what plain objects inherit, the real commands, and odd ones. */
const NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "on",
  "open",
  "prefill",
  "resume",
  "scan",
  "submitted",
  "opened",
  "error",
  "",
];

/**
 * Odd values, built in the page (most cannot cross page.evaluate). Index into this list from the
 * test; defined as a string so the init script and the fuzz share it.
 */
const ODD_VALUES = `[
  undefined, null, 0, NaN, -1, 10n, true, "", "lead", "demo", "contact", "bogus", "__proto__",
  Symbol("x"), {}, [], Object.create(null), JSON.parse('{"__proto__":{"email":"x@example.jp"}}'),
  { resource: {} }, { resource: 5, title: {}, href: [] }, { title: { toString() { throw 1 } } },
  { toString() { throw new Error("toString") } }, { get resource() { throw new Error("getter") } },
  new Proxy({}, { get() { throw new Error("proxy") }, ownKeys() { throw new Error("keys") } }),
  { email: Symbol("e"), name: {}, company: 5 }, { id: 5, body: null }, { id: "x", body: { kind: {} } },
  function () { throw new Error("handler") }, () => { throw 1 }, Object.freeze([1, 2]),
]`;

async function openPage(queued: string) {
  const page = await product.browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Runs before the page's own script: the canonical queue stub, then the odd calls queued
  // before w.js arrives. The page's own queued calls ('on', 'prefill') come after them.
  await page.addInitScript(`
    window.hikiai = function () { (hikiai.q = hikiai.q || []).push(arguments) };
    window.ODD = ${ODD_VALUES};
    ${queued}
  `);
  await page.goto(`${product.stack.demo}/host-api.html`);
  return { page, errors };
}

/** The widget still works: the page's queued prefill reached the inline form, a new dialog submits. */
async function widgetStillWorks(page: Page, resource: string) {
  const inline = page.locator("#plan-form [data-hikiai-state]");
  await expect
    .poll(() => inline.locator('[name="email"]').inputValue(), { timeout: 15_000 })
    .toBe("prefilled@example.jp");
  await page.evaluate(() => {
    for (const host of document.querySelectorAll("[data-hikiai-dialog]"))
      host.shadowRoot?.querySelector("dialog")?.close();
  });
  await page.evaluate((r) => window.hikiai?.("open", { resource: r }), resource);
  const form = page.locator("dialog[open] [data-hikiai-state]");
  await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(1);
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
  const seen = await page.evaluate(() => (window as unknown as { seen: unknown[][] }).seen);
  expect(seen.some(([name, d]) => name === "submitted" && (d as { kind: string }).kind === "lead")).toBe(true);
}

it("odd calls queued before w.js neither throw into the page nor stop the widget", async () => {
  const { page, errors } = await openPage(`
    hikiai("on", "__proto__", () => {});
    hikiai("on", "constructor", () => {});
    hikiai("on", "toString", 5);
    hikiai();
    hikiai(null, null);
    hikiai({}, ODD[21]);
    for (const v of ODD) { hikiai("open", v); hikiai("prefill", v); hikiai("resume", v); hikiai("on", v, v); }
    hikiai.q.push(null, 5, "open", {});
  `);
  await widgetStillWorks(page, "queued-fuzz");
  expect(errors).toEqual([]);
  await page.close();
});

it("any call of hikiai() after load, with odd names and values, throws nothing into the page", async () => {
  const { page, errors } = await openPage("");
  await expect.poll(() => page.evaluate(() => Boolean(window.hikiai?.version)), { timeout: 15_000 }).toBe(true);
  const oddCount = await page.evaluate(() => (window as unknown as { ODD: unknown[] }).ODD.length);
  const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
  const value = fc.integer({ min: 0, max: oddCount - 1 });
  const call = fc.tuple(name, fc.oneof(value, name), value);
  await fc.assert(
    fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 8 }), async (calls) => {
      const thrown = await page.evaluate((cs) => {
        const odd = (window as unknown as { ODD: unknown[] }).ODD;
        const out: string[] = [];
        for (const [command, arg, fn] of cs) {
          try {
            window.hikiai?.(command, typeof arg === "number" ? odd[arg] : arg, odd[fn]);
            window.hikiai?.scan?.();
          } catch (error) {
            out.push(String(error));
          }
        }
        return out;
      }, calls);
      expect(thrown).toEqual([]);
    }),
    { numRuns: 60 },
  );
  await widgetStillWorks(page, "after-fuzz");
  expect(errors).toEqual([]);
  await page.close();
});
