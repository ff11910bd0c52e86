import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { StatsResponse } from "../../shared/stats.ts";
import {
  addMember,
  addSite,
  axeViolations,
  backdate,
  collect,
  fitsAt360,
  openView,
  signedIn,
  sql,
} from "./dashboard-helpers.ts";
import { useProduct } from "./harness.ts";

// The KPI, leads, contacts, person, install and settings views in Chromium against wrangler dev
// and local D1, signed in with a real link: their numbers against the API, isolation between
// sites, axe-core, nothing sticking out at 360 px (screenshots in test-results/dashboard/ with
// HIKIAI_SCREENSHOTS=1).
const product = useProduct({ worker: 8845, demo: 5245 });

const B_SECRET = "SITE-B-ONLY";
let siteB = "";
let personId = "";

beforeAll(async () => {
  const { stack } = product;
  // Site B, whose data no member of A alone may see; agency@ works on both (viewer on A).
  const b = addSite(stack, "Site B", { "agency@example.jp": "admin" });
  siteB = b.siteKey;
  await sql(stack, [...b.statements, ...addMember(stack.siteKey, "agency@example.jp", "viewer")]);

  const context = (campaign?: string) => ({
    pageUrl: `${stack.demo}/`,
    utm: campaign ? { source: "newsletter", campaign } : {},
  });
  const lead = (email: string, resourceId: string, campaign?: string) =>
    collect(stack, "lead", { email, name: email.split("@")[0], resourceId, context: context(campaign) });
  const inquiry = (email: string, kind: string, message: string, campaign?: string) =>
    collect(stack, "inquiry", {
      email,
      kind,
      message,
      name: "鈴木 花子",
      company: "ACME株式会社",
      context: context(campaign),
    });
  // Site A (the demo site): leads and inquiries today, a few days ago and in the previous period.
  const moves = [
    backdate("lead", await lead("hanako@acme.example", "inventory-guide", "winter"), 3),
    backdate("lead", await lead("old@example.jp", "price-list"), 40),
    backdate("inquiry", await inquiry("taro@example.jp", "demo", "デモをお願いします"), 2),
    backdate("inquiry", await inquiry("past@example.jp", "contact", "先月の問い合わせ"), 35),
  ];
  await lead("ichiro@example.jp", "price-list");
  await lead("jane@example.com", "inventory-guide", "seminar");
  await inquiry("hanako@acme.example", "quote", "100ライセンスの見積をお願いします", "winter");
  const onB = { siteKey: siteB };
  await collect(stack, "lead", { email: "b-only@site-b.example", name: B_SECRET, resourceId: "b-guide" }, onB);
  await collect(
    stack,
    "inquiry",
    { email: "b-only@site-b.example", kind: "demo", message: B_SECRET, name: B_SECRET },
    onB,
  );
  await sql(stack, moves);

  const contacts = (await (
    await fetch(`${stack.collector}/v1/contacts?q=hanako`, { headers: { authorization: `Bearer ${stack.apiKey}` } })
  ).json()) as { data: { id: string }[] };
  personId = contacts.data[0]!.id;
});

const VIEWS: [name: string, path: () => string, ready: string][] = [
  ["kpi", () => "/app/kpi", "[data-kpi-table=leads]"],
  ["leads", () => "/app/leads", "[data-list=leads]"],
  ["contacts", () => "/app/contacts", "[data-list=contacts]"],
  ["person", () => `/app/contacts/${personId}`, "[data-timeline]"],
  ["install", () => "/app/install", "[data-install=snippet]"],
  ["settings", () => "/app/settings", "[data-members]"],
];

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${product.stack.collector}${path}`, {
    headers: { authorization: `Bearer ${product.stack.apiKey}` },
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

describe("every view: 0 axe-core violations in Japanese and English, readable at 1280 and 360 px", () => {
  for (const [name, path, ready] of VIEWS) {
    it(name, async () => {
      const { context, page } = await signedIn(product.browser, product.stack);
      await openView(page, path(), ready);
      expect(await axeViolations(page)).toEqual([]);
      await fitsAt360(page, name);
      await page.evaluate(() => localStorage.setItem("hikiai:lang", "en"));
      await page.reload();
      await page.locator(ready).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      expect(await axeViolations(page)).toEqual([]);
      await fitsAt360(page, `${name}-en`);
      await context.close();
      // Two axe-core runs and two loads of the view: more than the default on a loaded machine.
    }, 120_000);
  }
});

/** The rows of a KPI table: its bucket date and the numbers in its cells. */
function tableRows(page: Page, series: "leads" | "inquiries") {
  return page
    .locator(`[data-kpi-table=${series}] tbody tr`)
    .evaluateAll((rows) =>
      rows.map((row) => [
        row.getAttribute("data-date"),
        ...[...row.querySelectorAll("td[data-col]")].map((td) => Number(td.textContent)),
      ]),
    );
}

/** What the table must say: per bucket its date, the figures, and the previous period's bucket total. */
function expectedRows(now: StatsResponse, before: StatsResponse, series: "leads" | "inquiries") {
  return now.buckets.map((b, i) => {
    const p = before.buckets[i]!;
    return series === "leads"
      ? [b.date, b.leads, p.leads]
      : [b.date, b.inquiries.demo, b.inquiries.quote, b.inquiries.contact, b.inquiries.total, p.inquiries.total];
  });
}

describe("KPI", () => {
  it("the tables under the charts say what /v1/stats says for the same range and zone, by day and by week", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    const asked: URL[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/v1/stats") asked.push(url);
    });
    await openView(page, "/app/kpi", "[data-kpi-table=leads]");
    // The last 30 days ending today in the site's zone (Asia/Tokyo), and the 30 days before.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date());
    const day = (date: string, n: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const ranges = asked.map((u) => Object.fromEntries(u.searchParams));
    expect(ranges).toEqual([
      { from: day(today, -29), to: today, interval: "day", tz: "Asia/Tokyo" },
      { from: day(today, -59), to: day(today, -30), interval: "day", tz: "Asia/Tokyo" },
    ]);

    for (const interval of ["day", "week"] as const) {
      if (interval === "week") {
        asked.length = 0;
        await page.locator(".segmented label", { hasText: "週次" }).click();
        await expect.poll(() => asked.length).toBe(2);
        await expect.poll(() => page.locator("[data-kpi-table=leads] tbody tr").count()).toBe(5);
      }
      const [now, before] = await Promise.all(asked.map((u) => api<StatsResponse>(`/v1/stats${u.search}`)));
      expect(now!.interval).toBe(interval);
      // Not a comparison of zeros: the seeded leads and inquiries are in these figures.
      expect(now!.totals.leads).toBe(3);
      expect(now!.totals.inquiries.total).toBe(2);
      expect(before!.totals.leads + before!.totals.inquiries.total).toBeGreaterThan(0);
      expect(await tableRows(page, "leads")).toEqual(expectedRows(now!, before!, "leads"));
      expect(await tableRows(page, "inquiries")).toEqual(expectedRows(now!, before!, "inquiries"));
      expect(await page.locator("[data-kpi-series=leads] [data-kpi-total]").textContent()).toBe(
        String(now!.totals.leads),
      );
      expect(await page.locator("[data-kpi-figure=unanswered] strong").textContent()).toBe(
        String(now!.unansweredAfter24h),
      );
    }
    expect(new URL(page.url()).search).toBe("?days=30&by=week");
    await context.close();
  });

  it("the CSV button downloads the export of the range shown", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    await openView(page, "/app/kpi?days=7", "[data-kpi-table=leads]");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "リードCSV" }).click(),
    ]);
    const csv = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
    // The 3 leads of the last 7 days (not the one of 40 days ago), with a header line.
    expect(csv).toContain("hanako@acme.example");
    expect(csv).not.toContain("old@example.jp");
    expect(download.suggestedFilename()).toMatch(/^hikiai-leads-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    await context.close();
  });
});

describe("leads, contacts, a person", () => {
  it("filters live in the URL and match the API; a person's page has their whole timeline", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    await openView(page, "/app/leads", "[data-list=leads]");
    await page.getByPlaceholder("資料").fill("price-list");
    await page.getByRole("button", { name: "絞り込む" }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("?resource=price-list");
    const expected = (await api<{ data: { id: string }[] }>("/v1/leads?resource=price-list")).data.map((l) => l.id);
    expect(expected).toHaveLength(2);
    await expect
      .poll(() =>
        page.locator("[data-list=leads] tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-row"))),
      )
      .toEqual(expected);

    await openView(page, "/app/contacts", "[data-list=contacts]");
    await page.locator(`[data-list=contacts] a[href="/app/contacts/${personId}"]`).click();
    await page.locator("[data-timeline]").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/app/contacts/${personId}`);
    expect(
      await page.locator("[data-timeline] li").evaluateAll((li) => li.map((e) => e.getAttribute("data-entry"))),
    ).toEqual(["lead", "inquiry"]);
    expect(await page.locator("[data-timeline]").textContent()).toContain("100ライセンスの見積をお願いします");
    await context.close();
  });
});

describe("install and health", () => {
  it("refused submissions are worded as what to fix; the last lead's time is shown", async () => {
    const res = await fetch(`${product.stack.collector}/v1/collect/lead?site=${product.stack.siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://www.acme.example" },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        email: "x@acme.example",
        resourceId: "r",
        context: {},
      }),
    });
    expect(res.status).toBe(403);
    const { context, page } = await signedIn(product.browser, product.stack);
    await expect
      .poll(
        async () => {
          await openView(page, "/app/install", "[data-install=refusals] h2");
          await page.locator("[data-install=refusals] :is(ul, p)").first().waitFor();
          return page
            .locator("[data-refusals]")
            .textContent()
            .catch(() => "");
        },
        { timeout: 20_000 },
      )
      .toContain("https://www.acme.example からの送信 1 件を受け付けませんでした: 許可されていないオリジン");
    expect(await page.locator("[data-last=lead]").textContent()).toMatch(/^\d{1,2}\/\d{1,2}\(.\) \d{2}:\d{2}$/);
    expect(await page.locator("#snippet-head").inputValue()).toContain(`data-site="${product.stack.siteKey}"`);
    await context.close();
  });
});

describe("settings", () => {
  it("an admin sends a test to the webhook and sees it delivered, saves the stall threshold, adds a member and changes their role", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    page.on("dialog", (d) => d.accept());
    await openView(page, "/app/settings", "[data-webhook]");
    const hook = page.locator("[data-webhook]").first();
    await hook.getByRole("button", { name: "テスト送信" }).click();
    await expect
      .poll(() => page.locator("[data-settings=webhooks] [role=status]").first().textContent())
      .toContain("テストを送信しました");
    await expect
      .poll(
        async () => {
          await hook.getByRole("button", { name: "配信ログを閉じる" }).click();
          await hook.getByRole("button", { name: "配信ログ" }).click();
          await hook.locator("[data-deliveries], p.muted").first().waitFor();
          return hook
            .locator("[data-delivery]")
            .first()
            .getAttribute("data-status")
            .catch(() => null);
        },
        { timeout: 30_000 },
      )
      .toBe("delivered");

    await page.getByLabel(/対応遅れとみなすまでの時間/).fill("120");
    await page.locator("[data-settings=notifications]").getByRole("button", { name: "保存" }).click();
    await expect
      .poll(() => page.locator("[data-settings=notifications] [role=status]").textContent())
      .toBe("保存しました。");
    expect((await api<{ stallAfterMinutes: number }>("/v1/notification-settings")).stallAfterMinutes).toBe(120);

    const members = page.locator("[data-settings=members]");
    await members.locator('input[name="email"]').fill("new.member@example.jp");
    await members.locator('select[name="role"]').selectOption("viewer");
    await members.getByRole("button", { name: "メンバーを追加" }).click();
    const row = page.locator('[data-member="new.member@example.jp"]');
    await row.waitFor();
    await row.getByRole("combobox").selectOption("member");
    await expect
      .poll(
        async () =>
          (await api<{ data: { email: string; role: string }[] }>("/v1/members")).data.find(
            (m) => m.email === "new.member@example.jp",
          )?.role,
      )
      .toBe("member");
    await context.close();
  });
});

describe("tenant isolation in the views", () => {
  it("a member of site A only never sees site B's data, and cannot ask for it", async () => {
    const { context, page } = await signedIn(product.browser, product.stack);
    for (const [, path, ready] of VIEWS) {
      await openView(page, path(), ready);
      const text = await page.locator("main").textContent();
      expect(text).not.toContain(B_SECRET);
      expect(text).not.toContain("b-only@site-b.example");
    }
    expect(await page.locator("header select").first().locator("option").allTextContents()).toEqual(["Demo site"]);
    const refused = await page.evaluate(
      (key) => fetch("/v1/leads", { headers: { "hikiai-site": key } }).then((r) => r.status),
      siteB,
    );
    expect([403, 404]).toContain(refused);
    await context.close();
  });

  it("a member of both sites sees each site's data only after switching to it", async () => {
    const { context, page } = await signedIn(product.browser, product.stack, { email: "agency@example.jp" });
    await openView(page, "/app/leads", "[data-list=leads]");
    const siteSelect = page.locator("header select").first();
    await siteSelect.selectOption({ label: "Demo site" });
    await page.locator("[data-list=leads]").waitFor();
    expect(await page.locator("main").textContent()).not.toContain("b-only@site-b.example");
    await siteSelect.selectOption({ label: "Site B" });
    await expect.poll(() => page.locator("[data-list=leads] tbody tr").count()).toBe(1);
    const text = await page.locator("main").textContent();
    expect(text).toContain(B_SECRET);
    expect(text).not.toContain("hanako");
    await openView(page, "/app/kpi", "[data-kpi-table=leads]");
    expect(await page.locator("[data-kpi-series=leads] [data-kpi-total]").textContent()).toBe("1");
    // As a viewer on the demo site, settings are read-only: no webhooks, no add form.
    await siteSelect.selectOption({ label: "Demo site" });
    await openView(page, "/app/settings", "[data-members]");
    expect(await page.locator("[data-read-only]").count()).toBe(1);
    expect(await page.locator("[data-settings=webhooks]").count()).toBe(0);
    expect(await page.locator("[data-settings=members] form").count()).toBe(0);
    await context.close();
  });
});
