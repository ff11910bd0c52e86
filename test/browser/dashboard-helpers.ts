// The dashboard's browser tests: people signed in with a real link, records made through the
// real collect endpoints (then moved in time in the local D1), a second site for isolation.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { ROOT } from "../../scripts/local-d1.ts";
import type { LocalStack } from "../../scripts/local-stack.ts";
import { newSiteKey } from "../../worker/lib/keys.ts";

/** Screenshots of the views, a test artefact (gitignored). */
export const SHOTS = join(ROOT, "test-results/dashboard");

const text = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** GET `path` of the team API with the stack's API key; the JSON answer (a non-2xx throws). */
export async function apiGet<T>(stack: LocalStack, path: string): Promise<T> {
  const res = await fetch(`${stack.collector}${path}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** POSTs a lead or an inquiry as the widget does, from `origin`; returns the record's id. */
export async function collect(
  stack: LocalStack,
  kind: "lead" | "inquiry",
  fields: Record<string, unknown>,
  options: { siteKey?: string; origin?: string } = {},
): Promise<string> {
  const origin = options.origin ?? stack.demo;
  const send = () =>
    fetch(`${stack.collector}/v1/collect/${kind}?site=${options.siteKey ?? stack.siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body,
    });
  const body = JSON.stringify({
    submissionId: crypto.randomUUID(),
    context: { pageUrl: `${origin}/`, locale: "ja-JP", utm: {} },
    ...fields,
  });
  // A kept-alive connection that the dev server closed while wrangler's D1 client ran (seconds)
  // fails before anything is sent; the same submission id makes sending it again harmless.
  const res = await send().catch(send);
  if (res.status !== 201) throw new Error(`collect ${kind}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** GET of the team API with the stack's API key (the demo site): the JSON answer, or a thrown error naming the status. */
export async function teamApi<T>(stack: LocalStack, path: string): Promise<T> {
  const res = await fetch(`${stack.collector}${path}`, { headers: { authorization: `Bearer ${stack.apiKey}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Runs SQL statements in one batch on the stack's local D1, again after a second while the worker
 * is writing (SQLITE_BUSY: its queue consumer, refusal counts).
 */
export async function sql(stack: LocalStack, statements: string[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      await stack.db.batch(statements.map((statement) => stack.db.prepare(statement)));
      return;
    } catch (error) {
      if (attempt === 5 || !String(error).includes("SQLITE_BUSY")) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** The statement that moves a record `days` days into the past (as if it had arrived then). */
export function backdate(kind: "lead" | "inquiry", id: string, days: number) {
  const shift = days * 86_400_000;
  return kind === "lead"
    ? `UPDATE leads SET first_seen_at = first_seen_at - ${shift}, last_seen_at = last_seen_at - ${shift} WHERE id = ${text(id)}`
    : `UPDATE inquiries SET created_at = created_at - ${shift} WHERE id = ${text(id)}`;
}

/** The statements that add a site (origin: the demo page's) with `members` (e-mail → role); and its key. */
export function addSite(stack: LocalStack, name: string, members: Record<string, string>) {
  const siteKey = newSiteKey();
  const statements = [
    `INSERT INTO sites (id, site_key, name, allowed_origins, created_at)
     VALUES (${text(crypto.randomUUID())}, ${text(siteKey)}, ${text(name)}, ${text(JSON.stringify([stack.demo]))}, ${Date.now()})`,
    ...Object.entries(members).flatMap(([email, role]) => addMember(siteKey, email, role)),
  ];
  return { siteKey, statements };
}

/** The statements that make `email` a member of the site with `role` (creating the person if new). */
export function addMember(siteKey: string, email: string, role: string) {
  const now = Date.now();
  return [
    `INSERT INTO members (id, email, name, created_at) VALUES (${text(crypto.randomUUID())}, ${text(email)}, NULL, ${now})
       ON CONFLICT (email) DO NOTHING`,
    `INSERT INTO site_members (site_id, member_id, role, created_at)
       SELECT s.id, m.id, ${text(role)}, ${now} FROM sites s, members m
       WHERE s.site_key = ${text(siteKey)} AND m.email = ${text(email)}`,
  ];
}

/**
 * Uses a one-time sign-in link as a person does: opens it (a page that uses nothing, so mail
 * scanners cannot spend it), presses its button, lands on /app.
 */
export async function useSignInLink(page: Page, link: string) {
  await page.goto(link);
  await page.getByRole("button", { name: "サインインする" }).click();
  await page.waitForURL((url) => url.pathname === "/app");
}

/** A browser context signed in as `email` through a one-time link (on `siteKey`), at `width` px. */
export async function signedIn(
  browser: Browser,
  stack: LocalStack,
  options: { email?: string; siteKey?: string; width?: number } = {},
) {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 } });
  const page = await context.newPage();
  await useSignInLink(page, await stack.signInLink(options.email, options.siteKey));
  await page.locator("header.top").waitFor();
  return { context, page };
}

/** Opens a view by its path and waits until its content (not its loading state) is there. */
export async function openView(page: Page, path: string, ready: string) {
  await page.goto(new URL(path, page.url()).href);
  await page.locator(ready).first().waitFor();
}

/**
 * axe-core's violations on the page, as "rule: targets" lines (empty: none). Run in the page
 * itself (legacy mode): by default AxeBuilder opens a blank page per run to merge the results of
 * cross-origin frames, which the dashboard has none of, and that page cost each run more than
 * the rules on a loaded machine. The results are the same.
 */
export async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page } as never).setLegacyMode(true).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * A full-page screenshot into test-results/dashboard/, only with HIKIAI_SCREENSHOTS=1: no test
 * reads them (they are for a person looking at the views), and each takes a second or more on a
 * loaded machine.
 */
export async function screenshot(page: Page, name: string) {
  if (process.env.HIKIAI_SCREENSHOTS !== "1") return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Nothing sticks out sideways at 360 px: wide tables scroll inside their own region. Screenshots
 * at 1280 and 360 px, named after the view, with HIKIAI_SCREENSHOTS=1. Leaves the page at 1280 px.
 */
export async function fitsAt360(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 900 });
  await screenshot(page, `${name}-360`);
  // What the page draws after the resize (a chart sized to its box) is laid out by then.
  await page.evaluate(() => new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame))));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
  await page.setViewportSize({ width: 1280, height: 900 });
}
