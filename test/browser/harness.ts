import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/local-stack.ts";

/**
 * The real product for one test file: wrangler dev on a fresh local D1, the demo host page on
 * another origin, and Debian's Chromium. Ports differ from `npm start`'s 8787/5173; each file
 * has its own. HIKIAI_TEST_PORT_OFFSET shifts them all, so two checkouts can run at once.
 */
export function useProduct(
  basePorts: { worker: number; demo: number },
  /** Passed to the local stack: the demo webhook's receiver path, worker variables. */
  stackOptions: { receiverPath?: string; vars?: Record<string, string> } = {},
) {
  const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
  const ports = { worker: basePorts.worker + offset, demo: basePorts.demo + offset };
  const ctx = {} as { stack: LocalStack; browser: Browser; persistTo: string; log: string };
  beforeAll(async () => {
    ctx.persistTo = mkdtempSync(join(tmpdir(), "hikiai-browser-"));
    ctx.log = "";
    // Chromium starts while the stack does; whichever came up is stopped in afterAll.
    const [stack, browser] = await Promise.allSettled([
      startLocalStack({
        workerPort: ports.worker,
        demoPort: ports.demo,
        persistTo: ctx.persistTo,
        ...stackOptions,
        log: (line) => {
          ctx.log += line;
        },
      }),
      chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      }),
    ]);
    if (stack.status === "fulfilled") ctx.stack = stack.value;
    if (browser.status === "fulfilled") ctx.browser = browser.value;
    for (const started of [stack, browser]) if (started.status === "rejected") throw started.reason;
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.stack?.stop();
    if (ctx.persistTo) rmSync(ctx.persistTo, { recursive: true, force: true });
  });
  return ctx;
}

export interface InquiryFromApi {
  id: string;
  kind: string;
  message: string;
  preferredTime: string | null;
  context: { pageUrl: string; locale: string | null };
  contact: { email: string; name: string | null; company: string | null };
}

/** The team API's view: GET /v1/inquiries with the stack's API key (first page). */
export async function listInquiries(stack: LocalStack): Promise<InquiryFromApi[]> {
  const res = await fetch(`${stack.collector}/v1/inquiries?limit=200`, {
    headers: { authorization: `Bearer ${stack.apiKey}` },
  });
  if (!res.ok) throw new Error(`GET /v1/inquiries: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: InquiryFromApi[] }).data;
}

/** Rows of one SQL statement on the stack's local D1 (open beside wrangler dev). */
export async function query<T = Record<string, unknown>>(stack: LocalStack, sql: string): Promise<T[]> {
  return (await stack.db.prepare(sql).all<T>()).results;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every outbox entry (one localStorage key each) of the page's origin, as one string; "" when empty. */
export const outboxText = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("hikiai:outbox:"))
      .map((k) => localStorage.getItem(k))
      .join("\n"),
  );

/**
 * A visitor submits the demo form on `origin` while the collector is out of reach, and leaves:
 * the submission waits in the outbox of a new browser profile, returned for the next page view.
 */
export async function queueWhileUnreachable(
  browser: Browser,
  origin: string,
  fields: { email: string; message: string },
) {
  const context: BrowserContext = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/v1/collect/**", (route) => route.abort());
  await page.goto(`${origin}/`);
  const form = page.locator("#demo-form [data-hikiai-state]");
  await form.locator('[name="email"]').fill(fields.email);
  await form.locator('[name="message"]').fill(fields.message);
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("queued");
  const outbox = await outboxText(page);
  await page.close();
  return { context, outbox };
}

/**
 * Sends an inline demo form (`form`: its [data-hikiai-state] element) with a fresh message until
 * it says success; resolves with the stored inquiries carrying that message (one when stored once).
 */
export async function sendDemoForm(stack: LocalStack, form: Locator, email: string, label: string) {
  const message = `${label} ${crypto.randomUUID()}`;
  await form.locator('[name="email"]').fill(email);
  await form.locator('[name="message"]').fill(message);
  await form.locator('[type="submit"]').click();
  await expect.poll(() => form.getAttribute("data-hikiai-state"), { timeout: 15_000 }).toBe("success");
  return eventually(async () => {
    const copies = (await listInquiries(stack)).filter((i) => i.message === message);
    return copies.length ? copies : undefined;
  });
}
