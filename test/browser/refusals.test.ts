import type { Server } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer } from "../../scripts/demo-server.ts";
import { ROOT } from "../../scripts/local-d1.ts";
import { outboxText, query, queueWhileUnreachable, useProduct } from "./harness.ts";

// A misconfigured site, as a new user meets it: the demo page on a port the site does not
// allow (`DEMO_PORT=5174 npm start` style), and a site that is disabled.
const product = useProduct({ worker: 8793, demo: 5183 });
const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
const servers: Server[] = [];
let wrongOrigin = "";
let disabledSite = "";

beforeAll(async () => {
  const { collector } = product.stack;
  const root = join(ROOT, "demo");
  const wrongPort = 5184 + offset;
  servers.push(await startDemoServer({ port: wrongPort, root, collector, siteKey: product.stack.siteKey }));
  wrongOrigin = `http://localhost:${wrongPort}`;
  await query(
    product.stack,
    `INSERT INTO sites (id, site_key, name, allowed_origins, disabled_at, created_at)
     VALUES ('site-off', 'site_off', 'Disabled', '["*"]', 1, 1)`,
  );
  const disabledPort = 5185 + offset;
  servers.push(await startDemoServer({ port: disabledPort, root, collector, siteKey: "site_off" }));
  disabledSite = `http://localhost:${disabledPort}`;
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** Submits the demo form on `origin` and returns what the visitor and the site owner see. */
async function submitDemoForm(page: Page, origin: string) {
  const consoleErrors: string[] = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.goto(`${origin}/`);
  await page.evaluate(() => {
    const events: unknown[] = [];
    Object.assign(window, { errorEvents: events });
    document.addEventListener("hikiai:error", (e) => events.push((e as CustomEvent).detail));
  });
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.locator('[name="email"]').fill("refused@example.jp");
  await form.locator('[name="message"]').fill("届かないはずの依頼");
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("refused");
  return {
    form,
    consoleErrors,
    outbox: await outboxText(page),
    events: await page.evaluate(() => (window as unknown as { errorEvents: unknown[] }).errorEvents),
  };
}

describe("a collector that refuses the page", () => {
  it("from an origin the site does not allow: the visitor is told, nothing is queued, the owner learns the fix", async () => {
    const page = await product.browser.newPage();
    const seen = await submitDemoForm(page, wrongOrigin);
    expect(await seen.form.locator('[role="status"]').textContent()).toMatch(/送信できませんでした/);
    // What the visitor typed stays, and they get another way to reach the site.
    expect(await seen.form.locator('[name="message"]').inputValue()).toBe("届かないはずの依頼");
    const mail = seen.form.locator('a[href^="mailto:info@sorano.example"]');
    expect(decodeURIComponent((await mail.getAttribute("href")) ?? "")).toContain("届かないはずの依頼");
    expect(seen.outbox).toBe("");
    expect(seen.events).toEqual([{ kind: "demo", code: "origin_not_allowed", status: 403 }]);
    expect(seen.consoleErrors.join("\n")).toContain(`add ${wrongOrigin} to the site's allowed origins`);
    await page.close();
  });

  it("for a disabled site: the visitor is told and nothing is queued", async () => {
    const page = await product.browser.newPage();
    const seen = await submitDemoForm(page, disabledSite);
    expect(await seen.form.locator('[role="status"]').textContent()).toMatch(/送信できませんでした/);
    expect(seen.outbox).toBe("");
    expect(seen.events).toEqual([{ kind: "demo", code: "site_disabled", status: 403 }]);
    expect(seen.consoleErrors.join("\n")).toContain("403 site_disabled");
    await page.close();
  });
});

describe("a submission queued, then refused on a later page view (the site was turned away meanwhile)", () => {
  it("is not dropped unseen: the next page view puts it to the visitor with what they typed, and sending tells them", async () => {
    const { context } = await queueWhileUnreachable(product.browser, disabledSite, {
      email: "later@example.jp",
      message: "あとで断られる依頼",
    });

    // The next page view sends it and the collector refuses it (403 site_disabled); no form of
    // this page waits for it, so the loader keeps it and the forms chunk asks the visitor.
    const second = await context.newPage();
    await second.goto(`${disabledSite}/`);
    const dialog = second.locator("[data-hikiai-dialog] dialog[open]");
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.locator('[role="status"]').textContent()).toMatch(/前回の送信はまだ完了していません/);
    expect(await dialog.locator('[name="message"]').inputValue()).toBe("あとで断られる依頼");
    expect(await outboxText(second)).toContain("あとで断られる依頼");

    // Sending it again: refused while they watch, so they are told, with the fallback e-mail link
    // carrying what they typed, and it leaves the outbox.
    await dialog.locator('[type="submit"]').click();
    const state = dialog.locator("[data-hikiai-state]");
    await expect.poll(() => state.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("refused");
    const mail = dialog.locator('a[href^="mailto:info@sorano.example"]');
    expect(decodeURIComponent((await mail.getAttribute("href")) ?? "")).toContain("あとで断られる依頼");
    expect(await outboxText(second)).toBe("");
    await context.close();
  });
});
