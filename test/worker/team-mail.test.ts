import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, inquiryBody, makeSite } from "./helpers.ts";
import { mailTo, waitForMail } from "./mail-helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";
import { addMember } from "./session-fixtures.ts";

/** A site whose mail goes out from its sender address (the auto-reply's identity, migration 0019). */
async function mailingSite() {
  const site = await makeSite({ scope: "write" });
  await env.DB.prepare(
    "INSERT INTO mail_senders (site_id, sender_name, from_address, updated_at) VALUES (?, 'ACME', 'team@acme.example', ?)",
  )
    .bind(site.siteId, Date.now())
    .run();
  return site;
}

describe("team mail about a new inquiry", () => {
  it("goes to the member a rule assigned, in their language, with a link into the dashboard", async () => {
    const { siteId, siteKey, apiKey } = await mailingSite();
    const member = await addMember(siteId, "member", mailTo("member"), "Aoki");
    const patched = await api(apiKey, "PATCH", `/v1/members/${member.id}`, { language: "en" });
    expect(patched.body).toMatchObject({ language: "en", slackUserId: null, role: "member" });
    expect((await api(apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [member.email] })).status).toBe(
      201,
    );

    const res = await collect("inquiry", siteKey, inquiryBody({ name: "Sato\r\nBcc: x@evil.example" }));
    const { id } = (await res.json()) as { id: string };
    const [mail] = await waitForMail(member.email);
    expect(mail!.from).toBe("ACME <team@acme.example>");
    expect(mail!.subject).toBe("New demo request: Sato Bcc: x@evil.example (株式会社サンプル)");
    expect(mail!.text).toContain("Routing rule 1 assigned it to you.");
    expect(mail!.text).toContain("Name: Sato Bcc: x@evil.example");
    expect(mail!.text).toContain(`/app/inbox?site=${siteKey}&open=${id}`);
  });

  it("goes to the site's notification address when nobody is assigned (the site's language)", async () => {
    const { siteKey, apiKey } = await mailingSite();
    const address = mailTo("sales");
    const settings = await api(apiKey, "PATCH", "/v1/notification-settings", { notificationEmail: address });
    expect(settings.body.notificationEmail).toBe(address);
    await collect("inquiry", siteKey, inquiryBody({ kind: "quote" }));
    const [mail] = await waitForMail(address);
    expect(mail!.subject).toBe("新しい見積依頼: 山田 花子 (株式会社サンプル)");
    expect(mail!.text).toContain("担当者はまだ決まっていません。");
  });

  it("a site without a sender identity mails its team from the deployment's MAIL_FROM", async () => {
    const { siteKey, apiKey } = await makeSite({ scope: "write" });
    const address = mailTo("nosender");
    await api(apiKey, "PATCH", "/v1/notification-settings", { notificationEmail: address });
    await collect("inquiry", siteKey, inquiryBody({ kind: "contact" }));
    const [mail] = await waitForMail(address);
    expect(env.MAIL_FROM).toBe("hikiai <no-reply@hikiai.example>");
    expect(mail!.from).toBe(env.MAIL_FROM);
    expect(mail!.subject).toBe("新しいお問い合わせ: 山田 花子 (株式会社サンプル)");
  });

  it("the Slack message mentions the assignee whose Slack user id is set", async () => {
    const { siteId, siteKey, apiKey } = await makeSite({ scope: "write" });
    const member = await addMember(siteId, "member");
    const bad = await api(apiKey, "PATCH", `/v1/members/${member.id}`, { slackUserId: "<!channel>" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.slackUserId).toMatch(/Slack member id/);
    await api(apiKey, "PATCH", `/v1/members/${member.id}`, { slackUserId: "U012AB3CD" });
    await api(apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [member.email] });
    const path = receiverPath();
    await addWebhook(apiKey, { type: "slack", url: `${RECEIVER}${path}` });
    await collect("inquiry", siteKey, inquiryBody());
    const [got] = await eventually(
      () => received(path),
      (r) => r.length === 1,
    );
    expect((JSON.parse(got!.body) as { text: string }).text).toContain("担当: <@U012AB3CD>");
  });
});
