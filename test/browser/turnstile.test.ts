import type { Server } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoServer } from "../../scripts/demo-server.ts";
import { ROOT } from "../../scripts/local-d1.ts";
import { DUMMY_TOKEN, TEST_KEYS } from "../../scripts/turnstile-standin.ts";
import { eventually, query, queueWhileUnreachable, useProduct } from "./harness.ts";

// Turnstile end to end in Chromium: the demo page embedding sites that use it (with Cloudflare's
// test keys) and the demo site, which does not. The real api.js and siteverify are unreachable
// here: the local stack points the worker at the Turnstile stand-in (scripts/turnstile-standin.ts),
// whose api.js implements turnstile.render with the test site keys' documented behaviour.
// Sites are read afresh after 300 ms (a minute in production): one test changes a site's secret.
const product = useProduct({ worker: 8820, demo: 5220 }, { vars: { SITE_CACHE_TTL_MS: "300" } });
const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
const servers: Server[] = [];
/** Demo page origin per site key. */
const pages = new Map<string, string>();

/** Each site's key pair and the base port of its demo page (test/unit/test-ports.test.ts reads them). */
const SITES = {
  passes: { siteKey: TEST_KEYS.siteKeys.passes, secret: TEST_KEYS.secrets.passes, port: 5221 },
  blocked: { siteKey: TEST_KEYS.siteKeys.fails, secret: TEST_KEYS.secrets.passes, port: 5222 },
  spent: { siteKey: TEST_KEYS.siteKeys.passes, secret: TEST_KEYS.secrets.spent, port: 5223 },
  // Refuses every token at first (3x…, as an expired one is refused), then passes (the test
  // switches its secret): a submission whose token expired while it waited.
  expiring: { siteKey: TEST_KEYS.siteKeys.passes, secret: TEST_KEYS.secrets.spent, port: 5224 },
} as const;

beforeAll(async () => {
  const { collector } = product.stack;
  for (const [name, keys] of Object.entries(SITES)) {
    const port = keys.port + offset;
    await query(
      product.stack,
      `INSERT INTO sites (id, site_key, name, allowed_origins, turnstile_site_key, turnstile_secret, created_at)
       VALUES ('ts-${name}', 'site_ts_${name}', 'Turnstile ${name}', '["*"]', '${keys.siteKey}', '${keys.secret}', 1)`,
    );
    servers.push(await startDemoServer({ port, root: join(ROOT, "demo"), collector, siteKey: `site_ts_${name}` }));
    pages.set(name, `http://localhost:${port}`);
  }
  pages.set("none", product.stack.demo);
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** Opens the demo page of `site`, recording every request URL, and fills the demo form. */
async function openDemoForm(site: string) {
  const page = await product.browser.newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${pages.get(site)}/`);
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.locator('[name="email"]').fill(`${site}@example.jp`);
  await form.locator('[name="message"]').fill(`Turnstile ${site} のテスト`);
  return { page, form, requests, errors };
}

const stateOf = (page: Page) => page.locator("#demo-form [data-hikiai-state]").getAttribute("data-hikiai-state");
const stored = (siteId: string) =>
  query(product.stack, `SELECT kind, submission_id FROM submissions WHERE site_id = '${siteId}'`);
const collectPosts = (requests: string[]) => requests.filter((u) => u.includes("/v1/collect/"));
/** The outbox's entries on `page`'s origin (the loader's localStorage keys, widget/loader/outbox.ts). */
const outboxOf = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("hikiai:outbox:"))
      .map((k) => JSON.parse(localStorage.getItem(k)!) as { id: string; nextAttemptAt: number }),
  );

describe("a site that uses Turnstile", () => {
  it("loads Turnstile's script and chunk, gets a token, and the collector verifies it and stores the inquiry", async () => {
    const { page, form, requests, errors } = await openDemoForm("passes");
    // The challenge renders in the form's shadow host (light DOM, shown through the slot).
    await expect
      .poll(() => page.locator('#demo-form [data-turnstile-standin="1x00000000000000000000AA"]').count())
      .toBe(1);
    await form.locator('[type="submit"]').click();
    await expect.poll(() => stateOf(page), { timeout: 15_000 }).toBe("success");
    expect(requests.filter((u) => u.startsWith(product.stack.turnstile!.url) && u.includes("/api.js"))).toHaveLength(1);
    expect(requests.some((u) => /\/t-[0-9a-f]+\.js$/.test(u))).toBe(true);
    expect(await stored("ts-passes")).toHaveLength(1);
    const verified = product.stack.turnstile!.calls.filter((c) => c.secret === TEST_KEYS.secrets.passes);
    expect(verified).toContainEqual(expect.objectContaining({ response: DUMMY_TOKEN, success: true }));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a challenge that fails (test site key 2x…) keeps the form and tells the visitor; nothing is sent", async () => {
    const { page, form, requests } = await openDemoForm("blocked");
    // Every state the form goes through after the click (the challenge failed before it, too).
    await form.evaluate((root) => {
      const states: (string | null)[] = [];
      Object.assign(window, { states });
      new MutationObserver(() => states.push(root.getAttribute("data-hikiai-state"))).observe(root, {
        attributeFilter: ["data-hikiai-state"],
      });
    });
    await form.locator('[type="submit"]').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { states: string[] }).states))
      .toEqual(["sending", "idle"]);
    const note = page.locator('#demo-form [role="alert"]');
    expect(await note.textContent()).toMatch(/ロボットでないことの確認ができませんでした/);
    expect(await form.locator('[name="message"]').inputValue()).toBe("Turnstile blocked のテスト");
    expect(collectPosts(requests)).toEqual([]);
    expect(await stored("ts-blocked")).toEqual([]);
    await page.close();
  });

  it("a token the collector refuses (test secret 3x…: spent) is told to the visitor, with a fresh challenge, and nothing stays queued", async () => {
    const { page, form } = await openDemoForm("spent");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => stateOf(page), { timeout: 15_000 }).toBe("error");
    await expect
      .poll(() => page.locator('#demo-form [role="alert"]').textContent())
      .toMatch(/確認の有効期限が切れたか、確認できませんでした/);
    expect(await form.locator('[name="email"]').inputValue()).toBe("spent@example.jp");
    expect(await outboxOf(page)).toEqual([]);
    expect(await stored("ts-spent")).toEqual([]);
    await page.close();
  });
});

describe("a submission whose token expired while it waited (Turnstile site)", () => {
  it("is kept, put to the visitor on their next page view, and stored once when they send it", async () => {
    const { context, outbox } = await queueWhileUnreachable(product.browser, pages.get("expiring")!, {
      email: "expiring@example.jp",
      message: "期限切れトークンのテスト",
    });
    const queued = JSON.parse(outbox) as { id: string };

    // The next page view sends it; the collector refuses its token (3x…: expired or spent), and no
    // form of that page is waiting for it: the loader keeps it (not before an hour again), and
    // the chunk asks the visitor.
    const second = await context.newPage();
    await second.goto(`${pages.get("expiring")}/`);
    const dialog = second.locator("[data-hikiai-dialog] dialog[open]");
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.locator('[role="status"]').textContent()).toMatch(/前回の送信はまだ完了していません/);
    expect(await dialog.locator('[name="email"]').inputValue()).toBe("expiring@example.jp");
    expect(await dialog.locator('[name="message"]').inputValue()).toBe("期限切れトークンのテスト");
    const [kept] = await outboxOf(second);
    expect(kept?.id).toBe(queued.id);
    expect(kept!.nextAttemptAt - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(await stored("ts-expiring")).toEqual([]);

    // The site now accepts tokens again (a fresh one is what the visitor's new challenge gives).
    await query(
      product.stack,
      `UPDATE sites SET turnstile_secret = '${TEST_KEYS.secrets.passes}' WHERE id = 'ts-expiring'`,
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    await dialog.locator('[type="submit"]').click();
    await expect
      .poll(() => dialog.locator("[data-hikiai-state]").getAttribute("data-hikiai-state"), { timeout: 15_000 })
      .toBe("success");
    // Stored once, under a new submission id: the refused one never was.
    expect(await stored("ts-expiring")).toEqual([
      { kind: "inquiry", submission_id: expect.not.stringMatching(queued.id) },
    ]);
    const [inquiry] = await query<{ message: string }>(
      product.stack,
      "SELECT message FROM inquiries WHERE site_id = 'ts-expiring'",
    );
    expect(inquiry?.message).toBe("期限切れトークンのテスト");
    expect(await outboxOf(second)).toEqual([]);
    // Sent: another page view finds nothing in the outbox and opens no dialog.
    await second.reload();
    await second.waitForTimeout(1500);
    expect(await second.locator("[data-hikiai-dialog]").count()).toBe(0);
    await context.close();
  });
});

describe("a site without Turnstile", () => {
  it("never requests Turnstile's script or chunk, and its submission is stored as before", async () => {
    const { page, form, requests } = await openDemoForm("none");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => stateOf(page), { timeout: 15_000 }).toBe("success");
    // The forms chunk asked once whether the site uses Turnstile.
    expect(requests.filter((u) => u.includes("/v1/widget-config"))).toHaveLength(1);
    expect(requests.filter((u) => u.includes("api.js") || u.includes("challenges.cloudflare.com"))).toEqual([]);
    expect(requests.filter((u) => /\/t-[0-9a-f]+\.js$/.test(u))).toEqual([]);
    await eventually(async () => {
      const rows = await query(
        product.stack,
        "SELECT 1 FROM submissions JOIN sites ON sites.id = submissions.site_id WHERE sites.site_key = 'site_demo'",
      );
      return rows.length ? rows : undefined;
    });
    await page.close();
  });
});
