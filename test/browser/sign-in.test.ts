import { expect, it } from "vitest";
import { useSignInLink } from "./dashboard-helpers.ts";
import { useProduct } from "./harness.ts";

// Signing in the way a person does: open the link `npm start` (or `hikiai login`) prints in
// Chromium, against wrangler dev and local D1.
const product = useProduct({ worker: 8830, demo: 5230 });

interface Me {
  member: { email: string; name: string | null };
  sites: { siteKey: string; role: string }[];
}

const fetchFromPage = (path: string, init: { method?: string; site?: string } = {}) =>
  `fetch(${JSON.stringify(path)}, { method: ${JSON.stringify(init.method ?? "GET")}, headers: ${JSON.stringify(
    init.site ? { "hikiai-site": init.site } : {},
  )} }).then(async (r) => ({ status: r.status, body: await r.text() }))`;

it("the link signs the browser in: lands on /app without the token, the cookie is HttpOnly and Strict, the session survives a reload", async () => {
  const context = await product.browser.newContext();
  const page = await context.newPage();
  const link = await product.stack.signInLink();
  expect(link).toMatch(/\/auth\/link\?token=[A-Za-z0-9_-]{43}$/);
  // Opening the link shows its button and signs nobody in (a mail scanner stops here).
  const opened = await page.goto(link);
  expect(opened?.status()).toBe(200);
  expect(await context.cookies(product.stack.collector)).toEqual([]);
  // Pressing it posts the token from this origin (Chromium sends Origin under the page's
  // same-origin referrer policy) and redirects: the address bar and history no longer hold the token.
  await useSignInLink(page, link);
  expect(new URL(page.url()).pathname).toBe("/app");
  expect(page.url()).not.toContain("token");

  const [cookie, ...others] = await context.cookies(product.stack.collector);
  expect(others).toEqual([]);
  expect(cookie).toMatchObject({
    name: "__Host-hikiai_session",
    path: "/",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
  });
  expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 13 * 24 * 3600);
  // Scripts on the page cannot read it.
  expect(await page.evaluate(() => document.cookie)).toBe("");

  const me = (await page.evaluate(fetchFromPage("/v1/me"))) as { status: number; body: string };
  expect(me.status).toBe(200);
  const body = JSON.parse(me.body) as Me;
  expect(body.member).toEqual(expect.objectContaining({ email: "demo@hikiai.example", name: "Demo" }));
  expect(body.sites).toEqual([expect.objectContaining({ siteKey: product.stack.siteKey, role: "admin" })]);

  await page.reload();
  const again = (await page.evaluate(fetchFromPage("/v1/inquiries", { site: product.stack.siteKey }))) as {
    status: number;
  };
  expect(again.status).toBe(200);

  // Signing out from the page (same origin: the browser sends Origin) ends the session.
  const out = (await page.evaluate(fetchFromPage("/auth/sign-out", { method: "POST" }))) as { status: number };
  expect(out.status).toBe(204);
  expect(await context.cookies(product.stack.collector)).toEqual([]);
  expect(((await page.evaluate(fetchFromPage("/v1/me"))) as { status: number }).status).toBe(401);
  await context.close();
});

it("the same link opened a second time shows the 'already used' page and signs nobody in", async () => {
  const link = await product.stack.signInLink();
  const first = await product.browser.newContext();
  await useSignInLink(await first.newPage(), link);
  expect(await first.cookies(product.stack.collector)).toHaveLength(1);

  const second = await product.browser.newContext();
  const page = await second.newPage();
  const res = await page.goto(link);
  expect(res?.status()).toBe(410);
  await expect.poll(() => page.locator("h1").first().textContent()).toBe("サインインできません");
  expect(await page.locator('section[lang="en"]').textContent()).toContain("already been used");
  expect(await second.cookies(product.stack.collector)).toEqual([]);
  await first.close();
  await second.close();
});
