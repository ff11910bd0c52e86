import { describe, expect, it } from "vitest";
import { collect, context, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";

/** The Slack texts the receiver got under `path`. */
const slackTexts = async (path: string) =>
  (await received(path)).map((m) => (JSON.parse(m.body) as { text: string }).text);

describe("Slack incoming webhooks: text for people, in the site's language", () => {
  it("ja: kind, name, company, message excerpt, UTM source and what the contact downloaded before", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const path = receiverPath();
    const hook = await addWebhook(apiKey, { type: "slack", url: `${RECEIVER}${path}` });
    expect(hook.secret).toBeNull();
    await collect("lead", siteKey, leadBody({ email: "hanako@example.jp", resourceId: "whitepaper-2026" }));
    const long = `至急 <b>確認</b> & ${"導入を検討しています。".repeat(30)}`;
    await collect("inquiry", siteKey, inquiryBody({ kind: "quote", message: long, preferredTime: undefined }));

    const [text] = await eventually(
      () => slackTexts(path),
      (t) => t.length === 1,
    );
    expect(text).toContain("新しい見積依頼");
    expect(text).toContain("*山田 花子*（株式会社サンプル）");
    // Escaped for Slack's mrkdwn, and cut to an excerpt of 200 characters.
    expect(text).toContain("> 至急 &lt;b&gt;確認&lt;/b&gt; &amp; 導入を検討しています。");
    expect(text).toMatch(/。導入を検討していま…\n/);
    expect(text).toContain(`流入元 (utm_source): ${context.utm.source}`);
    expect(text).toMatch(/事前のダウンロード: whitepaper-2026 \(\d{4}-\d{2}-\d{2}\)/);
    // Slack receives no signature headers: its URL is the secret.
    expect((await received(path))[0]?.signature).toBeNull();
  }, 20_000);

  it("en, when the site's language is English", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    await api(apiKey, "PATCH", "/v1/notification-settings", { language: "en" });
    const path = receiverPath();
    await addWebhook(apiKey, { type: "slack", url: `${RECEIVER}${path}` });
    await collect("inquiry", siteKey, inquiryBody({ context: { pageUrl: "https://shop.example.jp/" } }));
    const [text] = await eventually(
      () => slackTexts(path),
      (t) => t.length === 1,
    );
    expect(text).toContain("New demo request");
    expect(text).toContain("*山田 花子* (株式会社サンプル)");
    expect(text).toContain("Source (utm_source): none");
    expect(text).toContain("Downloaded before: none");
    expect(text).toContain("Preferred time: 平日午後");
  }, 20_000);
});
