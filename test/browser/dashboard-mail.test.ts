import { describe, expect, it } from "vitest";
import * as dash from "./dashboard-helpers.ts";
import { eventually, sendDemoForm, useProduct } from "./harness.ts";

// The settings page's auto-reply editor and mail log in Chromium against wrangler dev, local D1
// and the local mailbox, signed in with a real link: a template edited, previewed and saved, then
// a demo submission's auto-reply in the mailbox and in the mail log; the sender's refusal shown at
// its field; viewers see neither section; axe-core and 360 px in both languages.
const product = useProduct({ worker: 8915, demo: 5315 });

const EDITOR = "[data-autoreply=editor]";
const LOG = "[data-settings=mail-log]";

const api = <T>(path: string) => dash.teamApi<T>(product.stack, path);

interface Message {
  to: string;
  subject: string;
  text: string;
}

describe("auto-reply editor and mail log", () => {
  it("an admin edits the demo form's Japanese subject, previews it, saves it, and finds a demo submission's auto-reply in the mail log", async () => {
    const { stack } = product;
    const { context, page } = await dash.signedIn(product.browser, stack);
    await dash.openView(page, "/app/settings", EDITOR);
    const editor = page.locator(EDITOR);
    await editor.getByLabel("フォーム", { exact: true }).selectOption("demo");
    const subject = editor.locator('[data-lang=ja] input[name="ja.subject"]');
    // The demo site uses the built-in texts: the editor starts from them.
    expect(await subject.inputValue()).toBe("【{{siteName}}】デモのご依頼を受け付けました");
    await subject.fill("【{{siteName}}】{{name}} 様のデモ依頼 (テスト)");

    await editor.getByRole("button", { name: "日本語でプレビュー" }).click();
    await expect
      .poll(() => page.locator("[data-preview-subject]").textContent())
      .toBe("【Demo site】山田 太郎 様のデモ依頼 (テスト)");
    const previewText = await page.locator("[data-preview-text]").textContent();
    expect(previewText).toContain("送信者：hikiai デモ (Demo)");
    // A preview saves nothing.
    const before = await api<{ replies: { formKind: string; ja: { subject: string | null } }[] }>("/v1/autoreply");
    expect(before.replies.find((r) => r.formKind === "demo")?.ja.subject).toBeNull();

    await editor.getByRole("button", { name: "文面を保存" }).click();
    await expect.poll(() => editor.locator("[role=status]").textContent()).toBe("保存しました。");
    const after = await api<{ replies: { formKind: string; enabled: boolean; ja: { subject: string | null } }[] }>(
      "/v1/autoreply",
    );
    expect(after.replies.find((r) => r.formKind === "demo")).toMatchObject({
      enabled: true,
      ja: { subject: "【{{siteName}}】{{name}} 様のデモ依頼 (テスト)" },
    });

    // A visitor whose browser is in Japanese sends the demo page's demo form.
    const visitor = await product.browser.newContext({ locale: "ja-JP" });
    const demo = await visitor.newPage();
    await demo.goto(`${stack.demo}/`);
    const to = `visitor+${crypto.randomUUID().slice(0, 8)}@example.jp`;
    const form = demo.locator("#demo-form [data-hikiai-state]");
    await form.locator('[name="name"]').fill("鈴木 花子");
    await sendDemoForm(stack, form, to, "mail log");
    await visitor.close();
    const mail = await eventually(async () => {
      const res = await fetch(`${stack.mailboxUrl}/messages?to=${encodeURIComponent(to)}`);
      const messages = (await res.json()) as Message[];
      return messages[0];
    });
    expect(mail.subject).toBe("【Demo site】鈴木 花子 様のデモ依頼 (テスト)");

    // The mail log lists it as sent; the status filter lives in the URL and keeps it or not.
    const row = page.locator(`${LOG} tr[data-kind=autoreply]`, { has: page.locator(`[data-to]:text-is("${to}")`) });
    await expect
      .poll(
        async () => {
          await page.locator(LOG).getByRole("button", { name: "最新にする" }).click();
          await page.locator(`${LOG} :is(table, p.empty)`).first().waitFor();
          return row.getAttribute("data-status", { timeout: 1000 }).catch(() => null);
        },
        { timeout: 30_000 },
      )
      .toBe("sent");
    expect(await row.textContent()).toContain(mail.subject);
    await page.locator(LOG).getByLabel("状態", { exact: true }).selectOption("failed");
    await expect.poll(() => new URL(page.url()).searchParams.get("mailStatus")).toBe("failed");
    await page.locator(`${LOG} :is(table, p.empty)`).first().waitFor();
    expect(await row.count()).toBe(0);
    await page.locator(LOG).getByLabel("状態", { exact: true }).selectOption("sent");
    await row.waitFor();
    await context.close();
  }, 120_000);

  it("turning an auto-reply on without a complete sender shows the API's refusal at the sender's field", async () => {
    const { stack } = product;
    const site = dash.addSite(stack, "No sender yet", { "owner@no-sender.example": "admin" });
    await dash.sql(stack, site.statements);
    const { context, page } = await dash.signedIn(product.browser, stack, {
      email: "owner@no-sender.example",
      siteKey: site.siteKey,
    });
    await dash.openView(page, "/app/settings", EDITOR);
    const editor = page.locator(EDITOR);
    await editor.getByLabel("このフォームに自動返信を送る").check();
    await editor.getByRole("button", { name: "文面を保存" }).click();
    // The first missing field the API names is the sender name: the reason stands under it.
    const field = page.locator("[data-autoreply=sender] [data-field=senderName]");
    await expect.poll(() => field.locator("[data-field-error]").textContent()).toContain("is required");
    expect(await field.locator("input").getAttribute("aria-invalid")).toBe("true");
    expect(await editor.locator("[data-field-error=enabled]").textContent()).toContain("未入力: 差出人名");

    // A from address that is no address: the API's reason at that field.
    const sender = page.locator("[data-autoreply=sender]");
    await sender.getByLabel("差出人名").fill("ショップ");
    await sender.getByLabel(/差出人アドレス/).fill("not-an-address");
    await sender.getByRole("button", { name: "差出人を保存" }).click();
    await expect
      .poll(() => sender.locator("[data-field=fromAddress] [data-field-error]").textContent())
      .toBe("must be an e-mail address");
    expect(await sender.locator("[data-field=senderName] [data-field-error]").count()).toBe(0);
    expect(await dash.axeViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);

  it("a viewer sees neither the auto-reply nor the mail log", async () => {
    const { stack } = product;
    await dash.sql(stack, dash.addMember(stack.siteKey, "viewer@example.jp", "viewer"));
    const { context, page } = await dash.signedIn(product.browser, stack, { email: "viewer@example.jp" });
    await dash.openView(page, "/app/settings", "[data-members]");
    expect(await page.locator("[data-read-only]").count()).toBe(1);
    expect(await page.locator("[data-settings=autoreply]").count()).toBe(0);
    expect(await page.locator(LOG).count()).toBe(0);
    await context.close();
  }, 120_000);

  it("0 axe-core violations in Japanese and English, readable at 360 px, preview open", async () => {
    const { context, page } = await dash.signedIn(product.browser, product.stack);
    for (const lang of ["ja", "en"]) {
      await page.evaluate((l) => localStorage.setItem("hikiai:lang", l), lang);
      await dash.openView(page, "/app/settings", EDITOR);
      await page.locator(`${LOG} :is(table, p.empty)`).first().waitFor();
      await page.locator(`${EDITOR} [data-lang=en] button`).click();
      await page.locator("[data-preview-text]").waitFor();
      expect(await dash.axeViolations(page)).toEqual([]);
      await dash.fitsAt360(page, `settings-mail-${lang}`);
      await page.setViewportSize({ width: 360, height: 900 });
      expect(await dash.axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await context.close();
    // Two languages, each axe-checked three times with a preview asked: minutes on a loaded machine.
  }, 180_000);
});
