import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { InquiryDetailSchema } from "../../shared/api-team.ts";
import type { RoutingRule } from "../../shared/routing.ts";
import * as dashboard from "./dashboard-helpers.ts";
import { eventually, useProduct } from "./harness.ts";

// The settings view's routing-rules editor (docs/routing.md) in Chromium against wrangler dev,
// its queue consumer and local D1: an admin adds two rules, is told at the field what the API
// refuses, reorders them, tries a sample, and a real submission is then assigned by the rule
// the editor put first for it; a viewer reads the rules without any control.
const product = useProduct({ worker: 8926, demo: 5326 });

const READY = "[data-settings=routing] [data-routing-test]";

const api = <T>(path: string) => dashboard.apiGet<T>(product.stack, path);

const rulesInApi = async () =>
  (await api<{ data: RoutingRule[] }>("/v1/routing-rules")).data.map((r) => [r.number, r.name]);

beforeAll(async () => {
  const { stack } = product;
  await dashboard.sql(stack, [
    ...dashboard.addMember(stack.siteKey, "aoki@team.example", "member"),
    ...dashboard.addMember(stack.siteKey, "baba@team.example", "member"),
    ...dashboard.addMember(stack.siteKey, "viewer@team.example", "viewer"),
  ]);
});

/** Fills the add form and sends it. */
async function addRule(page: Page, rule: { name: string; kinds?: string[]; domains?: string; members: string[] }) {
  const form = page.locator("[data-routing-add]");
  await form.locator('[name="name"]').fill(rule.name);
  for (const kind of rule.kinds ?? []) await form.locator(`[name="kinds"][value="${kind}"]`).check();
  await form.locator('[name="emailDomains"]').fill(rule.domains ?? "");
  for (const email of rule.members) await form.locator(`[name="members"][value="${email}"]`).check();
  await form.locator('[type="submit"]').click();
}

/** The rules as the page lists them: [number, its heading]. */
const rulesOnPage = (page: Page) =>
  page
    .locator("[data-rules] > li")
    .evaluateAll((items) =>
      items.map((li) => [Number(li.getAttribute("data-number")), li.querySelector("h3")?.textContent]),
    );

/** Tries a sample in the test form; the result's matching rule number, or "none". */
async function trySample(page: Page, sample: { kind: string; email: string }) {
  const form = page.locator("[data-routing-test]");
  await form.locator('[name="kind"]').selectOption(sample.kind);
  await form.locator('[name="email"]').fill(sample.email);
  await form.locator('[type="submit"]').click();
  return form.locator("[data-routing-result]").getAttribute("data-routing-result");
}

describe("the routing-rules editor", () => {
  it("an admin adds two rules, reorders them and tries a sample; a submission is assigned by the rule", async () => {
    const { context, page } = await dashboard.signedIn(product.browser, product.stack);
    await dashboard.openView(page, "/app/settings", READY);
    await expect.poll(() => page.locator("[data-settings=routing]").textContent()).toContain("まだルールはありません");

    // Two members with "assign to one member": the API's reason is shown at the members field.
    await addRule(page, {
      name: "Toyota",
      domains: "toyota.co.jp",
      members: ["aoki@team.example", "baba@team.example"],
    });
    const membersError = page.locator("[data-routing-add] [data-field=members] [data-error]");
    await expect.poll(() => membersError.textContent()).toContain("assign takes exactly one member");
    expect(await rulesInApi()).toEqual([]);
    await page.locator('[data-routing-add] [name="members"][value="baba@team.example"]').uncheck();
    await page.locator("[data-routing-add] [type=submit]").click();
    await expect.poll(() => rulesOnPage(page)).toEqual([[1, "振り分けルール 1: Toyota"]]);
    expect(await membersError.count()).toBe(0);

    await addRule(page, { name: "Demo", kinds: ["demo", "quote"], members: ["baba@team.example"] });
    await expect
      .poll(() => rulesOnPage(page))
      .toEqual([
        [1, "振り分けルール 1: Toyota"],
        [2, "振り分けルール 2: Demo"],
      ]);
    // The rule in words: its condition and what it does.
    const demo = page.locator("[data-rules] > li[data-number='2']");
    expect(await demo.locator("[data-conditions]").textContent()).toBe("種類: デモ依頼・見積依頼");
    expect(await demo.locator("[data-action]").textContent()).toContain("baba@team.example に割り当て");

    // Demo first: a demo or quote request from Toyota now goes to baba, a contact request to aoki.
    await demo.locator("button", { hasText: "上へ" }).click();
    await expect
      .poll(() => rulesOnPage(page))
      .toEqual([
        [1, "振り分けルール 1: Demo"],
        [2, "振り分けルール 2: Toyota"],
      ]);
    expect(await rulesInApi()).toEqual([
      [1, "Demo"],
      [2, "Toyota"],
    ]);

    expect(await trySample(page, { kind: "contact", email: "hanako@sales.toyota.co.jp" })).toBe("2");
    expect(await page.locator("[data-routing-result]").textContent()).toContain("aoki@team.example");
    expect(await trySample(page, { kind: "quote", email: "hanako@sales.toyota.co.jp" })).toBe("1");
    expect(await trySample(page, { kind: "contact", email: "jane@other.example" })).toBe("none");
    // A sample the API refuses: its reason at the e-mail field.
    await page.locator('[data-routing-test] [name="email"]').fill("not-an-address");
    await page.locator("[data-routing-test] [type=submit]").click();
    await expect.poll(() => page.locator("[data-routing-test] [data-field=email] [data-error]").count()).toBe(1);

    // A real submission: the consumer assigns it by rule 2 (Toyota), as the test said.
    const id = await dashboard.collect(product.stack, "inquiry", {
      email: "hanako@sales.toyota.co.jp",
      kind: "contact",
      message: "routing",
    });
    const detail = await eventually(async () => {
      const d = await api<typeof InquiryDetailSchema._zod.output>(`/v1/inquiries/${id}`);
      return d.assignee ? d : undefined;
    });
    expect(detail.assignee).toBe("aoki@team.example");
    expect(detail.history.find((h) => h.field === "assignee")?.rule?.number).toBe(2);

    // Removing the first rule renumbers the other.
    page.once("dialog", (dialog) => dialog.accept());
    await page.locator("[data-rules] > li[data-number='1'] button", { hasText: "削除" }).click();
    await expect.poll(() => rulesOnPage(page)).toEqual([[1, "振り分けルール 1: Toyota"]]);
    expect(await rulesInApi()).toEqual([[1, "Toyota"]]);
    await context.close();
  }, 120_000);

  it("0 axe-core violations in Japanese and English at 1280 and 360 px; a viewer reads the rules, with no control", async () => {
    const admin = await dashboard.signedIn(product.browser, product.stack);
    await dashboard.openView(admin.page, "/app/settings", "[data-rules]");
    await trySample(admin.page, { kind: "contact", email: "x@toyota.co.jp" });
    for (const lang of ["ja", "en"]) {
      if (lang === "en") {
        await admin.page.evaluate(() => localStorage.setItem("hikiai:lang", "en"));
        await admin.page.reload();
        await admin.page.locator("[data-rules]").waitFor();
        expect(await admin.page.locator("[data-settings=routing] h2").textContent()).toBe("Routing rules");
        await trySample(admin.page, { kind: "contact", email: "x@toyota.co.jp" });
      }
      for (const width of [1280, 360]) {
        await admin.page.setViewportSize({ width, height: 900 });
        expect(await dashboard.axeViolations(admin.page), `${lang} at ${width} px`).toEqual([]);
      }
      await dashboard.fitsAt360(admin.page, `settings-routing-${lang}`);
    }
    await admin.context.close();

    const viewer = await dashboard.signedIn(product.browser, product.stack, { email: "viewer@team.example" });
    await dashboard.openView(viewer.page, "/app/settings", "[data-rules]");
    expect(await rulesOnPage(viewer.page)).toEqual([[1, "振り分けルール 1: Toyota"]]);
    expect(await viewer.page.locator("[data-routing-add]").count()).toBe(0);
    expect(await viewer.page.locator("[data-rules] button").count()).toBe(0);
    expect(await trySample(viewer.page, { kind: "contact", email: "x@toyota.co.jp" })).toBe("1");
    await viewer.context.close();
  }, 180_000);
});
