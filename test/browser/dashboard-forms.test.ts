import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { funnels } from "../../app/views/kpi/form-funnel.ts";
import { comparedRanges, localDate } from "../../app/views/kpi/period.ts";
import type { FormStatsResponse } from "../../shared/form-analytics.ts";
import type { SiteInfo } from "../../shared/site-info.ts";
import { apiGet, axeViolations, backdate, collect, fitsAt360, openView, signedIn, sql } from "./dashboard-helpers.ts";
import { closeTab, openDemoPage, sendDemoAfterInvalidEmail, typeIntoQuoteDialog } from "./form-visits.ts";
import { eventually, useProduct } from "./harness.ts";

// The KPI view's forms panel (docs/dashboard-views.md) in Chromium: visitors on the demo page
// make known counts through the real widget and collector, the previous period gets counters
// and a submission of its own, and the panel shows exactly those numbers, beside the API's.
const product = useProduct({ worker: 8925, demo: 5325 });

const READY = "[data-forms-panel] [data-form]";

const api = <T>(path: string) => apiGet<T>(product.stack, path);

let ranges: ReturnType<typeof comparedRanges>;
let tz = "";

beforeAll(async () => {
  const { stack } = product;
  tz = (await api<SiteInfo>("/v1/site")).timeZone;
  ranges = comparedRanges(30, "day", localDate(tz, Date.now()));

  // The previous period (40 days ago, in the site's days): counters and one stored demo inquiry.
  const day = localDate(tz, Date.now() - 40 * 86_400_000);
  const page = `'${stack.demo}/'`;
  const site = `(SELECT id FROM sites WHERE site_key = '${stack.siteKey}')`;
  const old = await collect(stack, "inquiry", { email: "past@example.jp", kind: "demo", message: "先月" });
  await sql(stack, [
    `INSERT INTO form_stats (site_id, day, form, page, views, starts, submits)
     VALUES (${site}, '${day}', 'inquiry:demo', ${page}, 8, 4, 3)`,
    backdate("inquiry", old, 40),
  ]);
});

/** Per step of a form's funnel in the panel: [this period, its rate, previous period, its rate]. */
const funnelCells = (page: Page, form: string) =>
  page
    .locator(`[data-forms-panel] [data-form="${form}"] tr[data-step]`)
    .evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((row) => [
          row.getAttribute("data-step"),
          ["current", "rate", "previous", "previous-rate"].map(
            (col) => row.querySelector(`[data-col="${col}"]`)?.textContent?.trim() ?? "",
          ),
        ]),
      ),
    );

/** A "where people give up" list of a form: [field, count, the words shown]. */
const fieldList = (page: Page, form: string, kind: "abandons" | "errors") =>
  page
    .locator(`[data-forms-panel] [data-form="${form}"] [data-fields=${kind}] li`)
    .evaluateAll((items) =>
      items.map((li) => [li.getAttribute("data-field"), Number(li.getAttribute("data-count")), li.textContent?.trim()]),
    );

describe("the KPI forms panel", () => {
  it("shows each form's funnel beside the previous period, and where people gave up, as counted", async () => {
    // This period: one visitor types into the quote dialog and leaves; another sends the inline
    // demo form after the e-mail was refused once.
    const quote = await openDemoPage(product.browser, product.stack);
    await typeIntoQuoteDialog(quote);
    await closeTab(quote);
    const demo = await openDemoPage(product.browser, product.stack);
    await sendDemoAfterInvalidEmail(demo);
    await closeTab(demo);
    // Beacons are written about a second after they arrive.
    await eventually(async () => {
      const byForm = funnels((await api<FormStatsResponse>("/v1/forms/stats")).forms);
      return byForm.get("inquiry:demo")?.submits === 2 && byForm.get("inquiry:quote")?.abandonFields.length
        ? true
        : undefined;
    });

    const { context, page } = await signedIn(product.browser, product.stack);
    await openView(page, "/app/kpi", READY);

    // What the API says for the same two ranges, per form (pages added up).
    const query = (r: { from: string; to: string }) => `from=${r.from}&to=${r.to}&interval=day&tz=${tz}`;
    const now = funnels((await api<FormStatsResponse>(`/v1/forms/stats?${query(ranges.current)}`)).forms);
    const before = funnels((await api<FormStatsResponse>(`/v1/forms/stats?${query(ranges.previous)}`)).forms);
    expect(now.get("inquiry:demo")).toMatchObject({ views: 1, starts: 1, submits: 2, submissions: 1 });
    expect(before.get("inquiry:demo")).toMatchObject({ views: 8, starts: 4, submissions: 1 });

    expect(await funnelCells(page, "inquiry:demo")).toEqual({
      views: ["1", "", "8", ""],
      starts: ["1", "100%", "4", "50%"],
      submissions: ["1", "100%", "1", "25%"],
    });
    expect(await funnelCells(page, "inquiry:quote")).toEqual({
      views: ["1", "", "0", ""],
      starts: ["1", "100%", "0", "—"],
      submissions: ["0", "0%", "0", "—"],
    });
    expect(await fieldList(page, "inquiry:demo", "errors")).toEqual([["email", 1, "メールアドレス 1回"]]);
    expect(await fieldList(page, "inquiry:quote", "abandons")).toEqual([["company", 1, "会社名 1回"]]);
    expect(await fieldList(page, "inquiry:quote", "errors")).toEqual([]);

    // Every form the API counted is in the panel with the API's numbers.
    for (const [form, f] of now) {
      const cells = await funnelCells(page, form);
      expect([cells.views?.[0], cells.starts?.[0], cells.submissions?.[0]], form).toEqual(
        [f.views, f.starts, f.submissions].map(String),
      );
    }
    await context.close();
  });

  it("0 axe-core violations in Japanese and English at 1280 and 360 px, nothing sticking out sideways", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    await openView(page, "/app/kpi", READY);
    for (const lang of ["ja", "en"]) {
      if (lang === "en") {
        await page.evaluate(() => localStorage.setItem("hikiai:lang", "en"));
        await page.reload();
        await page.locator(READY).first().waitFor();
        expect(await fieldList(page, "inquiry:demo", "errors")).toEqual([["email", 1, "E-mail 1×"]]);
      }
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await axeViolations(page), `${lang} at ${width} px`).toEqual([]);
      }
      await fitsAt360(page, `kpi-forms-${lang}`);
    }
    await context.close();
    // axe-core runs the page's whole rule set four times: more than the default on a loaded machine.
  }, 180_000);
});
