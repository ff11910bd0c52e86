import { expect, it } from "vitest";
import { MIN_FILL_MS } from "../../shared/limits.ts";
import { eventually, listInquiries, useProduct } from "./harness.ts";

// demo/host-api.html: queue stub, 'on' handlers and 'prefill' called before w.js arrives,
// GTM's dataLayer, hidden fields on the marked element, 'open' from a button.
const product = useProduct({ worker: 8796, demo: 5188 });

it("queued calls, prefill, hidden fields, events, dataLayer and attribution work end to end", async () => {
  const page = await product.browser.newPage();
  const posted: Record<string, unknown>[] = [];
  let postedAt = 0;
  page.on("request", (r) => {
    if (r.method() !== "POST") return;
    posted.push(r.postDataJSON());
    postedAt ||= Date.now();
  });
  // When the inline form first shows (in its shadow root; the widget's clock starts a little before).
  await page.addInitScript(() => {
    const look = () => {
      const host = document.querySelector("#plan-form");
      const roots = host ? [host, ...host.querySelectorAll("*")].map((e) => e.shadowRoot) : [];
      if (roots.some((r) => r?.querySelector("[data-hikiai-state]")))
        (window as unknown as { formShownAt: number }).formShownAt = Date.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  // First visit from a campaign, then the visitor moves on inside the site.
  await page.goto(`${product.stack.demo}/index.html?utm_source=google&utm_medium=cpc&utm_campaign=winter`);
  await page.goto(`${product.stack.demo}/host-api.html?plan=pro&email=leak@example.jp`);
  const form = page.locator("#plan-form [data-hikiai-state]");
  // prefill() was queued before the loader and the chunk existed.
  await expect.poll(() => form.locator('[name="email"]').inputValue()).toBe("prefilled@example.jp");
  expect(await form.locator('[name="company"]').inputValue()).toBe("株式会社プレフィル");
  // Sent at once: held until a person could have filled it, or the collector's bot trap (which
  // spares local addresses, test/worker/collect-abuse.test.ts) would drop it unseen.
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");

  const mine = await eventually(async () =>
    (await listInquiries(product.stack)).find((i) => i.contact.email === "prefilled@example.jp"),
  );
  const context = mine.context as unknown as Record<string, unknown>;
  expect(context.hidden).toEqual({ plan: "pro", product: "zaiko" });
  expect(context.attribution).toMatchObject({
    first: {
      landingUrl: `${product.stack.demo}/index.html`,
      utm: { source: "google", medium: "cpc", campaign: "winter" },
    },
    last: { landingUrl: `${product.stack.demo}/index.html` },
  });
  // The landing page is kept without its query string (which can carry e-mail addresses).
  expect(JSON.stringify(context.attribution)).not.toContain("leak@example.jp");

  // The anti-abuse and consent fields the widget sends with every submission.
  expect(posted[0]).toMatchObject({ hp: "", consent: { version: expect.stringMatching(/^ja-[0-9a-z]+$/) } });
  expect(posted[0]?.fillMs).toBeGreaterThanOrEqual(MIN_FILL_MS);
  // Clicked as soon as it was prefilled, sent only once a person could have filled it (the
  // margin: the widget's clock starts at its render, shortly before the form is in the page).
  const shownAt = await page.evaluate(() => (window as unknown as { formShownAt: number }).formShownAt);
  expect(postedAt - shownAt).toBeGreaterThanOrEqual(MIN_FILL_MS - 250);

  const seen = await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen);
  expect(seen).toEqual([["submitted", { kind: "demo", id: mine.id, duplicate: false }]]);
  const dataLayer = await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer);
  expect(dataLayer).toEqual([{ event: "hikiai_inquiry", hikiai_kind: "demo", hikiai_id: mine.id }]);
  expect(JSON.stringify(dataLayer)).not.toContain("@");

  // hikiai('open', 'contact') from a button: a dialog, announced to 'on' handlers.
  await page.locator("#open-contact").click();
  const dialog = page.locator('[data-hikiai-dialog="contact"] dialog');
  await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { seen: unknown[][] }).seen.at(-1))).toEqual([
    "opened",
    { kind: "contact" },
  ]);
  await page.close();
});
