import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TEAM_MAIL_PER_SITE_HOUR } from "../../worker/routing/team-mail.ts";
import { collect, inquiryBody, makeSite, rows } from "./helpers.ts";
import { mailbox, mailTo, waitForMail } from "./mail-helpers.ts";
import { runScheduled } from "./notify-cron-helpers.ts";
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

  it("is capped per site and hour; what the cap held is summed up in one mail when the hour closes", async () => {
    const { siteId, siteKey, apiKey } = await mailingSite();
    const address = mailTo("flood");
    await api(apiKey, "PATCH", "/v1/notification-settings", { notificationEmail: address });
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    // A flood of public submissions, each from another address (each a new inquiry).
    const total = TEAM_MAIL_PER_SITE_HOUR + 2;
    for (let i = 0; i < total; i++) {
      const res = await collect("inquiry", siteKey, inquiryBody({ email: mailTo(`sender${i}`) }));
      expect(res.status).toBe(201);
    }
    // Webhooks are not mail: every inquiry still reaches them.
    await eventually(
      () => received(path),
      (r) => r.length === total,
    );
    const teamMail = () =>
      rows<{ status: string; claimed_at: number }>(
        "SELECT status, claimed_at FROM mail_log WHERE site_id = ? AND kind = 'team_inquiry'",
        siteId,
      );
    const logged = await eventually(teamMail, (r) => r.length === total && r.every((m) => m.status !== "sending"));
    expect(logged.filter((m) => m.status === "sent")).toHaveLength(TEAM_MAIL_PER_SITE_HOUR);
    const held = logged.filter((m) => m.status === "capped");
    expect(held).toHaveLength(2);
    expect(await mailbox(address)).toHaveLength(TEAM_MAIL_PER_SITE_HOUR);

    // Another site's team is mailed as before: the cap is per site.
    const other = await mailingSite();
    const otherAddress = mailTo("calm");
    await api(other.apiKey, "PATCH", "/v1/notification-settings", { notificationEmail: otherAddress });
    await collect("inquiry", other.siteKey, inquiryBody());
    await waitForMail(otherAddress);

    // Nothing before the hour of the held mails has closed; then one summary, and only one.
    const hour = 3_600_000;
    const closes = (Math.floor(Math.max(...held.map((m) => m.claimed_at)) / hour) + 1) * hour;
    await runScheduled(Math.floor(Math.min(...held.map((m) => m.claimed_at)) / hour) * hour + hour - 60_000);
    if (closes - Math.min(...held.map((m) => m.claimed_at)) <= hour) {
      expect(await mailbox(address)).toHaveLength(TEAM_MAIL_PER_SITE_HOUR);
    }
    await runScheduled(closes);
    await runScheduled(closes + 5 * 60_000);
    const summaries = (await mailbox(address)).slice(TEAM_MAIL_PER_SITE_HOUR);
    // Two held mails in one clock hour make one summary (two when they straddle an hour).
    const counts = summaries.map((m) => Number(/このほか (\d+) 件/.exec(m.subject)?.[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(summaries[0]!.from).toBe("ACME <team@acme.example>");
    expect(summaries[0]!.subject).toMatch(/^【Test site】このほか \d 件の新しい問い合わせがありました$/);
    expect(summaries[0]!.text).toContain(`1 時間に ${TEAM_MAIL_PER_SITE_HOUR} 通まで`);
    expect(summaries[0]!.text).toContain(`/app/inbox?site=${siteKey}`);
  });
});
