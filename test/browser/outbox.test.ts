import type { BrowserContext, Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eventually, listInquiries, outboxText, useProduct } from "./harness.ts";

// The loader's outbox in Chromium against wrangler dev: the give-up limit, Retry-After, no
// localStorage (keepalive on pagehide), and two tabs sharing one outbox under Web Locks.
const product = useProduct({ worker: 8810, demo: 5210 });
const DAY = 24 * 60 * 60 * 1000;

const page = (context?: BrowserContext) => (context ?? product.browser).newPage();
const storedCopies = async (message: string) =>
  (await listInquiries(product.stack)).filter((i) => i.message === message).length;

/** Fills contact form `#fN` of demo/many-forms.html and submits it. */
async function submit(p: Page, n: number, message: string) {
  const form = p.locator(`#f${n} [data-hikiai-state]`);
  await form.locator('[name="email"]').fill(`outbox${n}@example.jp`);
  await form.locator('[name="message"]').fill(message);
  await form.locator('[type="submit"]').click();
  return form;
}

/** A 503 or 429 as the collector sends it: envelope, CORS, Retry-After readable by the page. */
const refuseForNow = (route: Route, status: number, seconds: number) =>
  route.fulfill({
    status,
    headers: {
      "access-control-allow-origin": product.stack.demo,
      "access-control-expose-headers": "Retry-After",
      "content-type": "application/json",
      "retry-after": String(seconds),
    },
    body: JSON.stringify({ error: { code: status === 429 ? "rate_limited" : "internal_error", message: "…" } }),
  });

/** Seeds the outbox before the page's scripts run, and records what the page is told. */
async function seedAndListen(p: Page, entry: Record<string, unknown>) {
  await p.addInitScript(
    ([key, seeded]) => {
      if (sessionStorage.getItem("seeded")) return;
      sessionStorage.setItem("seeded", "1");
      localStorage.setItem(`${key}${(seeded as { id: string }).id}`, JSON.stringify(seeded));
      const w = window as unknown as Record<string, unknown[]> & { hikiai: (...a: unknown[]) => void };
      w.callbacks = [];
      w.events = [];
      // The page's queue stub and handler, as a site would write them, before w.js arrives.
      w.hikiai = (...args: unknown[]) => {
        const stub = w.hikiai as unknown as { q?: unknown[][] };
        stub.q = [...(stub.q ?? []), args];
      };
      w.hikiai("on", "error", (detail: unknown) => w.callbacks?.push(detail));
      document.addEventListener("hikiai:error", (e) => w.events?.push((e as CustomEvent).detail));
    },
    ["hikiai:outbox:v2:", entry],
  );
}

const oldEntry = (id: string, overrides: Record<string, unknown>) => ({
  id,
  endpoint: "inquiry",
  siteKey: product.stack.siteKey,
  origin: product.stack.collector,
  body: {
    submissionId: id,
    kind: "contact",
    email: "old@example.jp",
    message: `古い送信 ${id}`,
    context: { pageUrl: `${product.stack.demo}/` },
  },
  attempts: 3,
  nextAttemptAt: 0,
  createdAt: Date.now(),
  ...overrides,
});

describe("give-up limit", () => {
  it("drops an entry older than 3 days from storage and tells the page (event and callback)", async () => {
    const p = await page();
    const id = crypto.randomUUID();
    await seedAndListen(p, oldEntry(id, { createdAt: Date.now() - 3 * DAY - 60_000 }));
    const posts: string[] = [];
    p.on("request", (r) => r.method() === "POST" && posts.push(r.url()));
    await p.goto(`${product.stack.demo}/many-forms.html`);
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { callbacks: unknown[] }).callbacks))
      .toEqual([expect.objectContaining({ kind: "contact", code: "gave_up", reason: "expired", deferred: true })]);
    expect(await p.evaluate(() => (window as unknown as { events: unknown[] }).events)).toEqual([
      expect.objectContaining({ code: "gave_up", reason: "expired" }),
    ]);
    expect(await outboxText(p)).toBe("");
    expect(posts).toEqual([]);
    expect(await storedCopies(`古い送信 ${id}`)).toBe(0);
    await p.close();
  });

  it("drops an entry at its 100th failed attempt", async () => {
    const p = await page();
    const id = crypto.randomUUID();
    await seedAndListen(p, oldEntry(id, { attempts: 99 }));
    await p.route("**/v1/collect/**", (route) =>
      route.request().method() === "POST" ? refuseForNow(route, 503, 0) : route.continue(),
    );
    await p.goto(`${product.stack.demo}/many-forms.html`);
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { callbacks: unknown[] }).callbacks))
      .toEqual([expect.objectContaining({ code: "gave_up", reason: "attempts" })]);
    expect(await outboxText(p)).toBe("");
    await p.close();
  });
});

it("honours Retry-After on a 429 and keeps the submission queued until it is delivered", async () => {
  const p = await page();
  const times: number[] = [];
  await p.route("**/v1/collect/**", (route) => {
    if (route.request().method() !== "POST") return route.continue();
    times.push(Date.now());
    return times.length === 1 ? refuseForNow(route, 429, 3) : route.continue();
  });
  await p.goto(`${product.stack.demo}/many-forms.html`);
  const message = `Retry-After ${crypto.randomUUID()}`;
  const form = await submit(p, 0, message);
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("queued");
  expect(await outboxText(p)).toContain(message);
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
  expect(times).toHaveLength(2);
  // Plain backoff would have retried after about 1 s.
  expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(2900);
  expect(await storedCopies(message)).toBe(1);
  await p.close();
});

it("without localStorage, a queued submission still goes out with keepalive when the page is left", async () => {
  const p = await page();
  await p.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  let posts = 0;
  await p.route("**/v1/collect/**", (route) => {
    if (route.request().method() !== "POST") return route.continue();
    // The first answer asks for a minute: only leaving the page can send it sooner.
    return ++posts === 1 ? refuseForNow(route, 503, 60) : route.continue();
  });
  await p.goto(`${product.stack.demo}/many-forms.html`);
  const message = `keepalive ${crypto.randomUUID()}`;
  const form = await submit(p, 0, message);
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("queued");
  await p.goto(`${product.stack.demo}/privacy.html`);
  // Stored within seconds, although the page's own retry was a minute away: the request made on
  // pagehide (a keepalive request outlives the page, and the page's routing does not see it).
  await eventually(async () => ((await storedCopies(message)) === 1 ? true : undefined), 10_000);
  expect(posts).toBe(1);
  await p.close();
});

it("two tabs share one outbox: the second waits for the first, takes over when it closes, never sends at once", async () => {
  const context = await product.browser.newContext();
  const tabA = await page(context);
  const tabB = await page(context);
  const tabName = (r: Route) => {
    try {
      return r.request().frame().page() === tabA ? "A" : "B";
    } catch {
      return "?";
    }
  };
  const attempts = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const sends: { id: string; tab: string }[] = [];
  let overlaps = 0;
  // The first attempts are held until all five have arrived, so that the five go in step.
  let allArrived: () => void = () => {};
  const firstWave = new Promise<void>((resolve) => {
    allArrived = resolve;
  });
  await context.route("**/v1/collect/**", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const id = (route.request().postDataJSON() as { submissionId: string }).submissionId;
    sends.push({ id, tab: tabName(route) });
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    if ((inFlight.get(id) ?? 0) > 0) overlaps++;
    inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
    try {
      if (attempts.size === 5) allArrived();
      await (n === 1 ? firstWave : new Promise((r) => setTimeout(r, 300)));
      // The first two attempts of each submission fail (the first asking for 2 s, the second
      // leaving it to the ~2 s backoff); the third is delivered.
      if (n <= 2) await refuseForNow(route, 503, n === 1 ? 2 : 0);
      else await route.fulfill({ response: await route.fetch() });
    } finally {
      inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
    }
  });
  const idle = () => [...inFlight.values()].every((v) => v === 0);

  await tabA.goto(`${product.stack.demo}/many-forms.html`);
  const run = crypto.randomUUID();
  for (let n = 0; n < 5; n++) await submit(tabA, n, `two tabs ${run} ${n}`);
  await eventually(async () => (attempts.size === 5 && idle() ? true : undefined));
  // Tab B's page view wants to send all five at once; each is held by tab A's lock.
  await tabB.goto(`${product.stack.demo}/many-forms.html`);
  await eventually(async () => ([...attempts.values()].every((n) => n >= 2) && idle() ? true : undefined));
  expect(sends.filter((s) => s.tab === "B")).toEqual([]);
  // Closed while idle: tab A's next tries were ~2 s away.
  await tabA.close();
  // Tab B takes over the entries tab A left behind.
  await eventually(async () => ((await outboxText(tabB)) === "" ? true : undefined), 30_000);
  for (let n = 0; n < 5; n++) expect(await storedCopies(`two tabs ${run} ${n}`)).toBe(1);
  expect(sends.filter((s) => s.tab === "B").length).toBe(5);
  expect(overlaps).toBe(0);
  await context.close();
});
