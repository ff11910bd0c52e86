import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { FormPageStats, FormStatsResponse } from "../../shared/form-analytics.ts";
import { closeTab, openDemoPage as openPage, sendDemoAfterInvalidEmail, typeIntoQuoteDialog } from "./form-visits.ts";
import { eventually, useProduct } from "./harness.ts";

// Form analytics (docs/analytics.md) in Chromium against the real collector: what a visitor
// does on the demo page, counted without any identifier, equals what GET /v1/forms/stats says.
// One stack for the file; each case compares the counters before and after it.
const product = useProduct({ worker: 8875, demo: 5275 });

type Counts = Pick<FormPageStats, "views" | "starts" | "submits" | "submissions" | "abandonFields" | "errorFields">;
const NONE: Counts = { views: 0, starts: 0, submits: 0, submissions: 0, abandonFields: [], errorFields: [] };

async function counts(): Promise<Map<string, Counts>> {
  const res = await fetch(`${product.stack.collector}/v1/forms/stats`, {
    headers: { authorization: `Bearer ${product.stack.apiKey}` },
  });
  const { forms } = (await res.json()) as FormStatsResponse;
  const page = `${product.stack.demo}/`;
  return new Map(
    forms
      .filter((f) => f.page === page)
      .map(({ form, views, starts, submits, submissions, abandonFields, errorFields }) => [
        form,
        { views, starts, submits, submissions, abandonFields, errorFields },
      ]),
  );
}

const plus = (a: Counts, b: Partial<Counts>): Counts => ({
  views: a.views + (b.views ?? 0),
  starts: a.starts + (b.starts ?? 0),
  submits: a.submits + (b.submits ?? 0),
  submissions: a.submissions + (b.submissions ?? 0),
  abandonFields: b.abandonFields ?? a.abandonFields,
  errorFields: b.errorFields ?? a.errorFields,
});

/** Waits until the counters of `form` are `expected` (beacons are written about a second after they arrive). */
async function expectCounts(form: string, expected: Counts) {
  let last: Counts | undefined;
  await eventually(async () => {
    last = (await counts()).get(form) ?? NONE;
    return JSON.stringify(last) === JSON.stringify(expected) ? true : undefined;
  }, 15_000).catch(() => expect(last).toEqual(expected));
}

const openDemoPage = (prepare?: (page: Page) => Promise<void>) => openPage(product.browser, product.stack, prepare);

/** The page as hidden for a moment: whatever was counted so far goes out now. */
const hideForAMoment = (page: Page) =>
  page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true }));
    delete (document as { hidden?: boolean }).hidden;
  });

/** Records the bodies of the page's beacons to POST /v1/form-events. */
function beaconsOf(page: Page) {
  const beacons: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/v1/form-events")) beacons.push(r.postData() ?? "");
  });
  return beacons;
}

describe("form analytics in Chromium", () => {
  it("an inline form below the fold is not viewed until scrolled in (half in view for a second)", async () => {
    const before = (await counts()).get("inquiry:demo") ?? NONE;
    const page = await openDemoPage();
    const beacons = beaconsOf(page);
    const form = page.locator("#demo-form");
    await page.waitForTimeout(2500);
    await hideForAMoment(page);
    await page.waitForTimeout(300);
    expect(beacons.join("\n")).not.toContain("inquiry:demo");
    await form.scrollIntoViewIfNeeded();
    await form.locator("[data-hikiai-state]").waitFor();
    await page.waitForTimeout(1500);
    await closeTab(page);
    await expectCounts("inquiry:demo", plus(before, { views: 1 }));
  });

  it("a dialog opened, typed into and left: a view, a start, and the last field touched as the abandon field", async () => {
    const before = (await counts()).get("inquiry:quote") ?? NONE;
    const page = await openDemoPage();
    await typeIntoQuoteDialog(page);
    await closeTab(page);
    await expectCounts(
      "inquiry:quote",
      plus(before, { views: 1, starts: 1, abandonFields: [{ field: "company", count: 1 }] }),
    );
  });

  it("an invalid e-mail, then fixed: one validation error on email, two submit attempts, one submission", async () => {
    const before = (await counts()).get("inquiry:demo") ?? NONE;
    const page = await openDemoPage();
    await sendDemoAfterInvalidEmail(page);
    await closeTab(page);
    await expectCounts(
      "inquiry:demo",
      plus(before, { views: 1, starts: 1, submits: 2, submissions: 1, errorFields: [{ field: "email", count: 1 }] }),
    );
  });

  it("a form sent at once (held until a person could have filled it) before the analytics chunk arrived: counted like any other", async () => {
    const before = (await counts()).get("inquiry:demo") ?? NONE;
    // The analytics chunk is held until the form was sent, so every input and the submit happen
    // before it arrives, however fast or slow this machine is.
    let sent = () => {};
    const held = new Promise<void>((resolve) => (sent = resolve));
    const page = await openDemoPage(async (p) => {
      await p.route(/\/a-[0-9a-f]+\.js$/, (route) => held.then(() => route.continue()));
    });
    const beacons = beaconsOf(page);
    await page.locator("#demo-form").scrollIntoViewIfNeeded();
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.waitFor();
    await form.locator('[name="email"]').fill("quick@example.jp");
    await form.locator('[name="message"]').fill(`quick ${crypto.randomUUID()}`);
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
    sent();
    // The form, still in view, is viewed a second after the chunk arrives.
    const sentSoFar = async () => {
      await hideForAMoment(page);
      return beacons.join("\n");
    };
    await expect.poll(sentSoFar, { timeout: 15_000 }).toContain('"views"');
    await closeTab(page);
    await expectCounts("inquiry:demo", plus(before, { views: 1, starts: 1, submits: 1, submissions: 1 }));
  });

  it("a bot-trapped submission (the honeypot filled): nothing of that page is counted", async () => {
    const before = await counts();
    const page = await openDemoPage();
    await page.locator("#demo-form").scrollIntoViewIfNeeded();
    const form = page.locator("#demo-form [data-hikiai-state]");
    await form.waitFor();
    await page.waitForTimeout(1600);
    await form.locator('[name="hk_x"]').evaluate((input) => {
      (input as HTMLInputElement).value = "https://spam.example";
    });
    await form.locator('[name="email"]').fill("bot@example.jp");
    await form.locator('[type="submit"]').click();
    await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).not.toBe("sending");
    await closeTab(page);
    // What a beacon would have added arrives within about a second; give it three.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await counts()).toEqual(before);
  });
});
