import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { WALK_MAX } from "../../worker/db/plan.ts";
import { addSite, axeViolations, screenshot, signedIn, sql, useSignInLink } from "./dashboard-helpers.ts";
import { useProduct } from "./harness.ts";

// The dashboard's inbox in Chromium against wrangler dev and local D1, signed in by a one-time
// link like a person. With HIKIAI_SCREENSHOTS=1, screenshots go to test-results/dashboard/.
const product = useProduct({ worker: 8840, demo: 5240 });
// How long a poll may wait for the page: a loaded 2-core machine can take seconds (not a speed limit).
const WAIT = { timeout: 20_000 };

/** A visitor's submission through the collector, from the demo page's origin. */
async function submit(kind: "lead" | "inquiry", body: Record<string, unknown>): Promise<string> {
  const { collector, siteKey, demo } = product.stack;
  const res = await fetch(`${collector}/v1/collect/${kind}?site=${siteKey}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: demo },
    body: JSON.stringify({
      submissionId: crypto.randomUUID(),
      context: {
        pageUrl: `${demo}/pricing`,
        referrer: "https://www.google.com/",
        locale: "ja-JP",
        utm: { source: "newsletter", medium: "email", campaign: "winter" },
      },
      ...body,
    }),
  });
  if (!res.ok) throw new Error(`collect ${kind}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** GET with the stack's API key: the team API's view, independent of the dashboard. */
async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${product.stack.collector}${path}`, {
    headers: { authorization: `Bearer ${product.stack.apiKey}` },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let seeded: Promise<{ quote: string; demo: string; contact: string }> | undefined;
/** Three new inquiries (once per file); the quote's person downloaded a guide before asking. */
function seed() {
  seeded ??= (async () => {
    await submit("lead", { email: "hanako@acme.example", resourceId: "inventory-guide" });
    const quote = await submit("inquiry", {
      kind: "quote",
      email: "hanako@acme.example",
      name: "鈴木 花子",
      company: "ACME株式会社",
      message: "100ライセンスの見積をお願いします",
    });
    const demo = await submit("inquiry", {
      kind: "demo",
      email: "ichiro@example.jp",
      name: "田中 一郎",
      company: "",
      message: "来週デモをお願いします",
    });
    const contact = await submit("inquiry", {
      kind: "contact",
      email: "jane@example.com",
      name: "Jane Doe",
      company: "Example Inc.",
      message: "Do you support English forms?",
    });
    return { quote, demo, contact };
  })();
  return seeded;
}

/** A new browser profile signed in as `email` (the demo admin by default) through a one-time link. */
async function signIn(email?: string, viewport = { width: 1280, height: 860 }) {
  const context: BrowserContext = await product.browser.newContext({ viewport });
  const page = await context.newPage();
  await useSignInLink(page, await product.stack.signInLink(email));
  expect(new URL(page.url()).pathname).toBe("/app");
  return { context, page };
}

const rows = (page: Page) => page.locator("[data-inbox-row]");
const row = (page: Page, id: string) => page.locator(`[data-inbox-row="${id}"]`);

interface ApiDetail {
  status: string;
  assignee: string | null;
  note: string | null;
  history: { field: string; from: string | null; to: string | null; member: { email: string } | null }[];
}

describe("dashboard inbox", () => {
  it("a site without inquiries says what to do next; its link opens the install view, loaded on demand", async () => {
    const { context, page } = await signIn();
    const empty = page.locator(".inbox-empty");
    await expect.poll(() => empty.locator("h1").textContent(), WAIT).toBe("まだ引き合いがありません");
    // The view's code comes with the click, not with the first load.
    const chunk = page.waitForRequest((r) => /^\/app\/assets\/[\w-]+\.js$/.test(new URL(r.url()).pathname));
    await empty.getByRole("link", { name: "設置方法を見る" }).click();
    await chunk;
    expect(new URL(page.url()).pathname).toBe("/app/install");
    await expect.poll(() => page.locator("nav [aria-current=page]").textContent(), WAIT).toBe("設置");
    await context.close();
  });

  it("filter, open, change status with a note, reload: the change is there and in the API; Back undoes the steps", async () => {
    const { quote, demo, contact } = await seed();
    const { context, page } = await signIn();
    await expect.poll(() => rows(page).count(), WAIT).toBe(3);
    // Newest first.
    expect(await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-inbox-row")))).toEqual([
      contact,
      demo,
      quote,
    ]);
    await expect.poll(() => page.locator(".chip[aria-current]").textContent(), WAIT).toBe("未対応3");

    // Filter by kind: the URL holds it, the list follows.
    await page.locator(".more-filters summary").click();
    await page.getByLabel("種類").selectOption("quote");
    await expect.poll(() => new URL(page.url()).searchParams.get("kind"), WAIT).toBe("quote");
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);

    await row(page, quote).locator("a").click();
    const detail = page.locator(`[data-inquiry="${quote}"]`);
    await expect.poll(() => detail.locator("h2").textContent(), WAIT).toBe("見積依頼 · 鈴木 花子");
    expect(await detail.textContent()).toContain("100ライセンスの見積をお願いします");
    expect(await detail.locator(".timeline").textContent()).toContain("資料ダウンロード: inventory-guide");

    // Only the moves the workflow allows from new.
    const status = detail.locator('select[name="status"]');
    expect(await status.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
      "new",
      "contacted",
      "spam",
    ]);
    await status.selectOption("contacted");
    await detail.locator('select[name="assignee"]').selectOption("demo@hikiai.example");
    await detail.locator('textarea[name="note"]').fill("電話で折り返し済み");
    await detail.locator('button[type="submit"]').click();
    await expect.poll(() => detail.locator(".saved").textContent(), WAIT).toBe("保存しました");
    // At once: the row, the chips and the history.
    await expect.poll(() => row(page, quote).locator(".row-status").textContent(), WAIT).toBe("対応中");
    await expect.poll(() => page.locator(".chip").first().textContent(), WAIT).toBe("未対応2");
    expect(await detail.locator(".history").textContent()).toContain("Demo ステータス: 未対応 → 対応中");

    await page.reload();
    const again = page.locator(`[data-inquiry="${quote}"]`);
    await expect.poll(() => again.locator('select[name="status"]').inputValue(), WAIT).toBe("contacted");
    expect(await again.locator('textarea[name="note"]').inputValue()).toBe("電話で折り返し済み");
    expect(await again.locator('select[name="assignee"]').inputValue()).toBe("demo@hikiai.example");
    expect(await again.locator(".history li").count()).toBe(3);

    const api = await apiGet<ApiDetail>(`/v1/inquiries/${quote}`);
    expect(api).toMatchObject({ status: "contacted", assignee: "demo@hikiai.example", note: "電話で折り返し済み" });
    expect(api.history.find((h) => h.field === "status")).toMatchObject({
      from: "new",
      to: "contacted",
      member: { email: "demo@hikiai.example" },
    });

    // Back: the inquiry closes, then the kind filter goes.
    await page.goBack();
    await expect.poll(() => page.locator("[data-inquiry]").count(), WAIT).toBe(0);
    expect(new URL(page.url()).searchParams.get("kind")).toBe("quote");
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get("kind"), WAIT).toBe(null);
    await context.close();
  });

  it("keyboard only: j/k move, Enter opens, Tab reaches the status control, the change is saved, Escape returns to the row", async () => {
    const { demo, contact } = await seed();
    const { context, page } = await signIn();
    await page.goto(`${product.stack.collector}/app/inbox?status=all`);
    await expect.poll(() => rows(page).count(), WAIT).toBe(3);
    const focusedRow = () =>
      page.evaluate(() => document.activeElement?.closest("[data-inbox-row]")?.getAttribute("data-inbox-row"));

    await page.keyboard.press("j");
    expect(await focusedRow()).toBe(contact);
    await page.keyboard.press("j");
    expect(await focusedRow()).toBe(demo);
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    expect(await focusedRow()).toBe(demo);
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).searchParams.get("open"), WAIT).toBe(demo);
    const detail = page.locator(`[data-inquiry="${demo}"]`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe("detail-title");

    // Tab forward until the status control has focus (the pane's links come first).
    for (let i = 0; i < 12; i++) {
      if (await page.evaluate(() => document.activeElement?.getAttribute("name") === "status")) break;
      await page.keyboard.press("Tab");
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("status");
    await page.keyboard.press("ArrowDown"); // new → contacted
    expect(await detail.locator('select[name="status"]').inputValue()).toBe("contacted");
    // Assignee, note, save.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.type("メールで返信");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("submit");
    await page.keyboard.press("Enter");
    await expect.poll(() => detail.locator(".saved").textContent(), WAIT).toBe("保存しました");
    expect(await apiGet<ApiDetail>(`/v1/inquiries/${demo}`)).toMatchObject({
      status: "contacted",
      note: "メールで返信",
    });

    // Escape leaves the select and textarea alone only while they are in use; from the button it closes.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("[data-inquiry]").count(), WAIT).toBe(0);
    await expect.poll(focusedRow, WAIT).toBe(demo);
    await context.close();
  });

  it("a viewer sees no follow-up controls, and the API refuses the change", async () => {
    const { contact } = await seed();
    const now = Date.now();
    await sql(product.stack, [
      `INSERT INTO members (id, email, name, created_at) VALUES ('mem_viewer_test', 'viewer@acme.example', '閲覧 太郎', ${now})`,
      `INSERT INTO site_members (site_id, member_id, role, created_at)
       SELECT id, 'mem_viewer_test', 'viewer', ${now} FROM sites WHERE site_key = '${product.stack.siteKey}'`,
    ]);
    const { context, page } = await signIn("viewer@acme.example");
    await page.goto(`${product.stack.collector}/app/inbox?status=all&open=${contact}`);
    const detail = page.locator(`[data-inquiry="${contact}"]`);
    await expect.poll(() => detail.locator(".read-only").count(), WAIT).toBe(1);
    expect(await detail.locator("form, select, textarea, button[type=submit]").count()).toBe(0);
    expect(await page.locator(".who-role").textContent()).toContain("閲覧のみ");

    const refused = await page.evaluate(
      async ([id, site]) => {
        const res = await fetch(`/v1/inquiries/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", "hikiai-site": site! },
          body: JSON.stringify({ status: "contacted" }),
        });
        return { status: res.status, body: await res.json() };
      },
      [contact, product.stack.siteKey],
    );
    expect(refused.status).toBe(403);
    expect((await apiGet<ApiDetail>(`/v1/inquiries/${contact}`)).status).toBe("new");
    await context.close();
  });

  /**
   * A site whose admin is `admin`, with `total` inquiries already contacted ("<prefix>-i00000" the
   * oldest), only the oldest from the "mail" campaign.
   */
  const walkSite = async (prefix: string, admin: string, total: number) => {
    const site = addSite(product.stack, `${prefix} site`, { [admin]: "admin" });
    const siteId = `(SELECT id FROM sites WHERE site_key = '${site.siteKey}')`;
    await sql(product.stack, [
      ...site.statements,
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${total})
       INSERT INTO contacts (id, site_id, email, created_at, updated_at, has_inquiry)
       SELECT printf('${prefix}-c%05d', i), ${siteId}, printf('p%05d@${prefix}.example', i), ${Date.now() - 30 * 86_400_000} + i * 1000, 0, 1 FROM n`,
      `INSERT INTO inquiries (id, site_id, contact_id, kind, status, window_open, page_url, created_at, utm_source)
       SELECT '${prefix}-i' || substr(id, ${prefix.length + 3}), site_id, id, 'quote', 'contacted', 0, 'https://${prefix}.example/', created_at,
              CASE id WHEN '${prefix}-c00000' THEN 'mail' END
       FROM contacts WHERE id LIKE '${prefix}-c%'`,
    ]);
    return site;
  };

  it("a rare filter whose one match lies past the walk's bound: the inbox follows the short pages and shows it", async () => {
    const { stack } = product;
    // WALK_MAX + 10 inquiries already contacted, the oldest of them from the "mail" campaign.
    const site = await walkSite("walk", "walker@walk.example", WALK_MAX + 10);
    const { context, page } = await signedIn(product.browser, stack, {
      email: "walker@walk.example",
      siteKey: site.siteKey,
    });
    // The API's first page is empty, with a cursor that continues past the walk's bound.
    const first = await page.evaluate(
      (key) =>
        fetch("/v1/inquiries?utm_source=mail&limit=50", { headers: { "hikiai-site": key } }).then(
          (r) => r.json() as Promise<{ data: unknown[]; nextCursor: string | null }>,
        ),
      site.siteKey,
    );
    expect(first.data).toEqual([]);
    expect(first.nextCursor).toEqual(expect.any(String));
    await page.goto(`${stack.collector}/app/inbox?status=all&utm_source=mail`);
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);
    expect(await row(page, "walk-i00000").count()).toBe(1);
    expect(await page.locator(".inbox-list .state").allTextContents()).toEqual([]);
    expect(await page.locator(".inbox button.more").count()).toBe(0);
    await context.close();
  });

  it("a rare filter whose one match lies past ten walks: the inbox stops, says nothing is missing, and shows it on 'more'", async () => {
    const { stack } = product;
    // Ten walks' worth and then some: the fill stops after ten requests with nothing found.
    const site = await walkSite("far", "far@walk.example", 10 * WALK_MAX + 10);
    const { context, page } = await signedIn(product.browser, stack, {
      email: "far@walk.example",
      siteKey: site.siteKey,
    });
    await page.goto(`${stack.collector}/app/inbox?status=all&utm_source=mail`);
    const more = page.locator(".inbox button.more");
    await more.waitFor(WAIT);
    expect(await rows(page).count()).toBe(0);
    expect(await page.locator(".inbox-list .state").allTextContents()).toEqual([]);
    await more.click();
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);
    expect(await row(page, "far-i00000").count()).toBe(1);
    expect(await more.count()).toBe(0);
    await context.close();
  });

  for (const viewport of [
    { width: 1280, height: 860 },
    { width: 360, height: 740 },
  ])
    it(`${viewport.width} px: axe-core finds nothing on the inbox and the open inquiry, no sideways scroll; screenshots`, async () => {
      const { quote } = await seed();
      const { context, page } = await signIn(undefined, viewport);
      await page.goto(`${product.stack.collector}/app/inbox?status=all`);
      await expect.poll(() => rows(page).count(), WAIT).toBe(3);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `inbox-${viewport.width}`);

      await row(page, quote).locator("a").click();
      await page.locator(`[data-inquiry="${quote}"] h2`).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `detail-${viewport.width}`);
      await context.close();
      // axe-core runs the page's whole rule set four times; a loaded 2-core machine needs more than the default.
    }, 180_000);
});
