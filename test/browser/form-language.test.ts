import { expect, it } from "vitest";
import type { MailboxMessage } from "../../scripts/mailbox-standin.ts";
import { eventually, sendDemoForm, useProduct } from "./harness.ts";

// The auto-reply comes in the language the visitor read the form in (data-lang, else the page's
// lang), not only the browser's: the form sends its language as the submission's locale.
const product = useProduct({ worker: 8900, demo: 5300 });

async function mailTo(email: string) {
  return eventually(async () => {
    const res = await fetch(`${product.stack.mailboxUrl}/messages?to=${encodeURIComponent(email)}`);
    const got = (await res.json()) as MailboxMessage[];
    return got.length ? got : undefined;
  });
}

it("a Japanese page in an English browser: the inquiry's locale is ja and the auto-reply is in Japanese", async () => {
  const context = await product.browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${product.stack.demo}/`);
  expect(await page.evaluate(() => [document.documentElement.lang, navigator.language])).toEqual(["ja", "en-US"]);
  const email = `lang-${crypto.randomUUID().slice(0, 8)}@example.jp`;
  const [stored] = await sendDemoForm(product.stack, page.locator("#demo-form [data-hikiai-state]"), email, "ja page");
  expect(stored!.context.locale).toBe("ja");
  const [mail] = await mailTo(email);
  expect(mail!.subject).toMatch(/[ぁ-んァ-ン一-龯]/);
  await context.close();
});
