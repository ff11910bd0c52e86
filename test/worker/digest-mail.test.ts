// The daily digest by mail (sites.digest_mail), sent by the notification cron in workerd against
// the real D1 and the local mailbox stand-in: who gets it, in which language, and only once a day.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { leadBody, makeSite, rows } from "./helpers.ts";
import { mailbox, mailTo } from "./mail-helpers.ts";
import { runScheduled } from "./notify-cron-helpers.ts";
import { api, storeLead } from "./notify-helpers.ts";
import { addMember } from "./session-fixtures.ts";

const jst = (local: string) => Date.parse(`${local}+09:00`);

/** A site without any webhook (the digest by mail instead of Slack), with a lead the day before `date`. */
async function siteWithDigestMail(setting: "admins" | "everyone", date: string) {
  const site = await makeSite({ scope: "write" });
  const answer = await api(site.apiKey, "PATCH", "/v1/notification-settings", { digestMail: setting });
  expect(answer.body.digestMail).toBe(setting);
  const yesterday = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await storeLead(site.siteId, leadBody({ resourceId: `r-${crypto.randomUUID()}` }), jst(`${yesterday}T10:00:00`));
  return site;
}

describe("the daily digest by mail", () => {
  it("goes to the site's admins at 09:00 site time, each in their language, with a link into the dashboard; once a day", async () => {
    const site = await siteWithDigestMail("admins", "2026-12-01");
    const english = await addMember(site.siteId, "admin", mailTo("admin-en"));
    await api(site.apiKey, "PATCH", `/v1/members/${english.id}`, { language: "en" });
    const japanese = await addMember(site.siteId, "admin", mailTo("admin-ja"));
    const member = await addMember(site.siteId, "member", mailTo("member"));

    await runScheduled(jst("2026-12-01T08:59:00"));
    expect(await mailbox(english.email)).toEqual([]);

    await runScheduled(jst("2026-12-01T09:00:00"));
    const [en] = await mailbox(english.email);
    expect(en!.from).toBe(env.MAIL_FROM);
    expect(en!.subject).toBe("Daily digest (2026-12-01) — Test site");
    expect(en!.text).toContain("1 leads · 1 new contacts");
    expect(en!.text).toContain(
      `Open the dashboard: ${env.APP_ORIGIN || "http://localhost:8787"}/app?site=${site.siteKey}`,
    );
    const [ja] = await mailbox(japanese.email);
    expect(ja!.subject).toBe("日次ダイジェスト（2026-12-01）— Test site");
    expect(ja!.text).toContain("リード 1 件・新規コンタクト 1 件");
    expect(await mailbox(member.email)).toEqual([]);

    // The cron runs every 5 minutes: later runs of the hour, and the next hour, send nothing more.
    await runScheduled(jst("2026-12-01T09:05:00"));
    await runScheduled(jst("2026-12-01T10:00:00"));
    expect(await mailbox(english.email)).toHaveLength(1);
    expect(await mailbox(japanese.email)).toHaveLength(1);
    expect(
      await rows(
        "SELECT mail_key, status FROM mail_log WHERE site_id = ? AND kind = 'digest' ORDER BY recipient",
        site.siteId,
      ),
    ).toEqual(
      [english, japanese]
        .sort((a, b) => a.email.localeCompare(b.email))
        .map((m) => ({ mail_key: `${site.siteId}/2026-12-01/${m.id}`, status: "sent" })),
    );
    // No webhook: the digest was made for the mail, and no stall reminders are made for nobody.
    expect(await rows("SELECT event FROM notifications WHERE site_id = ?", site.siteId)).toEqual([
      { event: "digest.daily" },
    ]);
  });

  it("goes to every member with `everyone`; a mail the provider failed goes out at the next run, once", async () => {
    const site = await siteWithDigestMail("everyone", "2026-12-02");
    const viewer = await addMember(site.siteId, "viewer", mailTo("viewer"));
    const flaky = await addMember(site.siteId, "member", mailTo("fail-first-1"));

    await runScheduled(jst("2026-12-02T09:00:00"));
    expect(await mailbox(viewer.email)).toHaveLength(1);
    expect(await mailbox(flaky.email)).toEqual([]);
    expect(await rows("SELECT status FROM mail_log WHERE recipient = ?", flaky.email)).toEqual([{ status: "retry" }]);

    await runScheduled(jst("2026-12-02T09:05:00"));
    await runScheduled(jst("2026-12-02T09:10:00"));
    expect(await mailbox(flaky.email)).toHaveLength(1);
    expect(await mailbox(viewer.email)).toHaveLength(1);
    expect(await rows("SELECT status FROM mail_log WHERE recipient = ?", flaky.email)).toEqual([{ status: "sent" }]);
  });

  it("is off by default, and the setting names the field when it is not one of off, admins, everyone", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    expect((await api(apiKey, "GET", "/v1/notification-settings")).body.digestMail).toBe("off");
    const bad = await api(apiKey, "PATCH", "/v1/notification-settings", { digestMail: "all" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.digestMail).toBeDefined();
  });
});
