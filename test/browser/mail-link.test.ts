import { expect, it } from "vitest";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";
import { axeViolations, fitsAt360, useSignInLink } from "./dashboard-helpers.ts";
import { eventually, useProduct } from "./harness.ts";

// Signing in by mail the way a person does: type the address on /app's sign-in page in Chromium,
// find the link in the local mailbox, open it. Against wrangler dev, local D1 and the mailbox stand-in.
const product = useProduct({ worker: 8910, demo: 5310 });

const DEMO_ADMIN = "demo@hikiai.example";

async function mailFor(to: string): Promise<MailboxMessage[]> {
  const res = await fetch(`${product.stack.mailboxUrl}/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as MailboxMessage[];
}

it("a member types their address on /app, the mailbox has the link, opening it shows the dashboard", async () => {
  const context = await product.browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${product.stack.collector}/app`);
  const field = page.getByLabel("メールアドレス");
  await field.waitFor();
  // Usable at 360 px and axe-clean, before and after sending.
  expect(await axeViolations(page)).toEqual([]);
  await fitsAt360(page, "signed-out");

  await field.fill(DEMO_ADMIN);
  await page.getByRole("button", { name: "ログイン用リンクを送る" }).click();
  await expect
    .poll(() => page.getByRole("status").textContent())
    .toContain(`${DEMO_ADMIN} がメンバーのアドレスであれば`);
  expect(await axeViolations(page)).toEqual([]);

  const [mail] = await eventually(async () => {
    const got = await mailFor(DEMO_ADMIN);
    return got.length > 0 ? got : undefined;
  });
  expect(mail!.subject).toBe("hikiai のサインインリンク");
  const link = /https?:\/\/\S+\/auth\/link\?token=[A-Za-z0-9_-]{43}/.exec(mail!.text)?.[0];
  expect(link?.startsWith(`${product.stack.collector}/auth/link?token=`)).toBe(true);

  await useSignInLink(page, link!);
  expect(new URL(page.url()).pathname).toBe("/app");
  await page.locator("header.top").waitFor();
  expect(await context.cookies(product.stack.collector)).toHaveLength(1);
  await context.close();
});
