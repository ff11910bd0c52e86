import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { closeTab, openDemoPage, sendDemoAfterInvalidEmail } from "./form-visits.ts";
import { useProduct } from "./harness.ts";

// Who never downloads the form analytics chunk (docs/analytics.md, "Privacy choices"): a
// browser that sends Do Not Track or Global Privacy Control, and every visitor of a site whose
// setting is off. A counting site's visitor without either gets it. Sites are read afresh (a
// short site cache), so a case can turn the demo site's setting off.
const product = useProduct({ worker: 9095, demo: 5495 }, { vars: { SITE_CACHE_TTL_MS: "300" } });

const ANALYTICS_CHUNK = /\/a-[0-9a-f]+\.js/;

/**
 * A visit of the demo page that fills and sends its inline form, after `prepare` (before the
 * page loads); returns the analytics chunk's requests, read once the site's widget settings
 * have answered and the form is sent, and the page settled a while after.
 */
async function analyticsRequests(prepare?: (page: Page) => Promise<void>) {
  const requested: string[] = [];
  let answered: Promise<unknown> = Promise.resolve();
  const page = await openDemoPage(product.browser, product.stack, async (p) => {
    p.on("request", (r) => ANALYTICS_CHUNK.test(r.url()) && requested.push(r.url()));
    // The chunk would be imported right as GET /v1/widget-config answers.
    answered = p.waitForResponse((r) => r.url().includes("/v1/widget-config"), { timeout: 30_000 });
    await prepare?.(p);
  });
  await answered;
  await sendDemoAfterInvalidEmail(page);
  await page.waitForTimeout(2000);
  await closeTab(page);
  return requested;
}

/** A browser whose `navigator[name]` says `value`, and that sends `header` with every request. */
const sending = (name: string, value: unknown, header: Record<string, string>) => async (page: Page) => {
  await page.addInitScript(
    ([n, v]) => Object.defineProperty(Navigator.prototype, n as string, { get: () => v }),
    [name, value],
  );
  await page.setExtraHTTPHeaders(header);
};

const setSiteCounts = async (on: boolean) => {
  await product.stack.db
    .prepare("UPDATE sites SET form_analytics = ? WHERE site_key = ?")
    .bind(on ? 1 : 0, product.stack.siteKey)
    .run();
  // Past the worker's site cache (SITE_CACHE_TTL_MS above).
  await new Promise((resolve) => setTimeout(resolve, 500));
};

describe("the form analytics chunk in Chromium", () => {
  afterEach(() => setSiteCounts(true));

  it("a counting site, a browser sending neither DNT nor GPC: the chunk is downloaded", async () => {
    expect(await analyticsRequests()).toHaveLength(1);
  });

  it("a browser sending Do Not Track: never downloaded", async () => {
    expect(await analyticsRequests(sending("doNotTrack", "1", { DNT: "1" }))).toEqual([]);
  });

  it("a browser sending Global Privacy Control: never downloaded", async () => {
    expect(await analyticsRequests(sending("globalPrivacyControl", true, { "Sec-GPC": "1" }))).toEqual([]);
  });

  it("a site whose form analytics are off: never downloaded", async () => {
    await setSiteCounts(false);
    expect(await analyticsRequests()).toEqual([]);
  });
});
