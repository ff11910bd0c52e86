import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { runScheduled } from "./notify-cron-helpers.ts";
import {
  addWebhook,
  eventually,
  notificationRows,
  RECEIVER,
  received,
  receiverPath,
  storeInquiry,
  storeLead,
} from "./notify-helpers.ts";

const jst = (local: string) => Date.parse(`${local}+09:00`);

/** A site with a signed webhook and a Slack webhook on the receiver. */
async function notifiedSite() {
  const site = await makeSite({ scope: "write" });
  const hookPath = receiverPath();
  const slackPath = receiverPath();
  await addWebhook(site.apiKey, { url: `${RECEIVER}${hookPath}` });
  await addWebhook(site.apiKey, { type: "slack", url: `${RECEIVER}${slackPath}` });
  return { ...site, hookPath, slackPath };
}

const inquiryAt = (siteId: string, local: string, over: Record<string, unknown> = {}) =>
  storeInquiry(siteId, inquiryBody({ message: `問い合わせ ${crypto.randomUUID()}`, ...over }), jst(local));
const leadAt = (siteId: string, local: string, over: Record<string, unknown> = {}) =>
  storeLead(siteId, leadBody({ resourceId: `r-${crypto.randomUUID()}`, ...over }), jst(local));

describe("daily digest at 09:00 in the site's time zone", () => {
  it("none at 08:59 JST; at 09:00 yesterday's figures and the inquiries still new after 24 h; once a day", async () => {
    const site = await notifiedSite();
    await leadAt(site.siteId, "2026-11-30T10:00:00", { email: "a@example.jp" });
    await leadAt(site.siteId, "2026-11-30T23:30:00", { email: "b@example.jp" });
    await inquiryAt(site.siteId, "2026-11-30T11:00:00", { kind: "demo", email: "a@example.jp" });
    await inquiryAt(site.siteId, "2026-11-30T12:00:00", { kind: "quote", email: "c@example.jp" });
    const old = await inquiryAt(site.siteId, "2026-11-28T08:00:00", { kind: "contact", email: "d@example.jp" });
    await leadAt(site.siteId, "2026-12-01T00:10:00", { email: "e@example.jp" }); // today: not in the digest

    await runScheduled(jst("2026-12-01T08:59:00"));
    expect((await notificationRows(site.siteId)).filter((r) => r.event === "digest.daily")).toEqual([]);

    await runScheduled(jst("2026-12-01T09:00:00"));
    const [digest] = await eventually(
      async () =>
        (await received(site.hookPath)).map((m) => JSON.parse(m.body)).filter((e) => e.type === "digest.daily"),
      (d) => d.length === 1,
    );
    expect(digest.data).toMatchObject({
      date: "2026-12-01",
      timeZone: "Asia/Tokyo",
      yesterday: { date: "2026-11-30", leads: 2, contacts: 3, inquiries: { demo: 1, quote: 1, contact: 0, total: 2 } },
      stillNewCount: 1,
      stillNew: [{ id: old.id, kind: "contact", ageHours: 73, createdAt: "2026-11-27T23:00:00.000Z" }],
    });
    // No personal data in the digest: no e-mail, name or company of anyone, only figures and ids.
    expect(Object.keys(digest.data.stillNew[0]).sort()).toEqual(["ageHours", "createdAt", "id", "kind"]);
    const stored = (await notificationRows(site.siteId)).find((r) => r.event === "digest.daily")!.payload!;
    expect(stored).not.toMatch(/@example\.jp|山田|株式会社/);
    expect(digest.data.week).toBeUndefined(); // a Tuesday

    const slack = await eventually(
      async () => (await received(site.slackPath)).map((m) => JSON.parse(m.body).text as string),
      (texts) => texts.some((t) => t.includes("日次ダイジェスト")),
    );
    const text = slack.find((t) => t.includes("日次ダイジェスト"))!;
    expect(text).toContain("リード 2 件・新規コンタクト 3 件");
    expect(text).toContain("24時間以上「新規」のままの引き合い: 1 件");
    expect(text).toContain(`お問い合わせ — 73時間経過 — \`${old.id}\``);
    expect(text).not.toContain("d@example.jp");

    await runScheduled(jst("2026-12-01T09:05:00"));
    await runScheduled(jst("2026-12-01T09:55:00"));
    const digests = (await notificationRows(site.siteId)).filter((r) => r.event === "digest.daily");
    expect(digests.map((r) => r.subject_id)).toEqual(["2026-12-01"]);
  }, 30_000);

  it("on a Monday it adds last week against the week before", async () => {
    const site = await notifiedSite();
    // Last week: Mon 23 – Sun 29 November; the week before: 16 – 22 November (JST).
    await inquiryAt(site.siteId, "2026-11-23T00:30:00", { kind: "demo" });
    await inquiryAt(site.siteId, "2026-11-25T15:00:00", { kind: "quote" });
    await inquiryAt(site.siteId, "2026-11-29T23:59:00", { kind: "quote" });
    await inquiryAt(site.siteId, "2026-11-22T23:59:00", { kind: "demo" });
    await leadAt(site.siteId, "2026-11-24T10:00:00", { email: "x@example.jp" });

    await runScheduled(jst("2026-11-30T09:00:00"));
    const [digest] = await eventually(
      async () =>
        (await received(site.hookPath)).map((m) => JSON.parse(m.body)).filter((e) => e.type === "digest.daily"),
      (d) => d.length === 1,
    );
    expect(digest.data.week).toMatchObject({
      current: { from: "2026-11-23", to: "2026-11-29", leads: 1, inquiries: { demo: 1, quote: 2, total: 3 } },
      previous: { from: "2026-11-16", to: "2026-11-22", leads: 0, inquiries: { demo: 1, quote: 0, total: 1 } },
    });
    const texts = await eventually(
      async () => (await received(site.slackPath)).map((m) => JSON.parse(m.body).text as string),
      (t) => t.some((x) => x.includes("先週と前週の比較")),
    );
    expect(texts.find((x) => x.includes("先週と前週の比較"))).toContain("引き合い: 3 (+2)");
  }, 30_000);
});

describe("stall reminder after 4 business hours (Mon–Fri 09:00–18:00 site time)", () => {
  it("counts only business time, reminds once, and not for an inquiry someone answered", async () => {
    const site = await notifiedSite();
    // Friday 17:00 JST: one business hour that day, then the weekend.
    const waiting = await inquiryAt(site.siteId, "2026-11-27T17:00:00");
    const answered = await inquiryAt(site.siteId, "2026-11-27T17:00:00", { email: "answered@example.jp" });
    await env.DB.prepare("UPDATE inquiries SET status = 'contacted' WHERE id = ?").bind(answered.id).run();
    const stalled = async () =>
      (await notificationRows(site.siteId)).filter((r) => r.event === "inquiry.stalled").map((r) => r.subject_id);

    await runScheduled(jst("2026-11-28T18:00:00")); // Saturday: 1 business hour so far
    await runScheduled(jst("2026-11-30T11:55:00")); // Monday: 1 h + 2 h 55 min
    expect(await stalled()).toEqual([]);

    await runScheduled(jst("2026-11-30T12:00:00")); // 4 business hours
    expect(await stalled()).toEqual([waiting.id]);
    const [reminder] = await eventually(
      async () =>
        (await received(site.hookPath)).map((m) => JSON.parse(m.body)).filter((e) => e.type === "inquiry.stalled"),
      (r) => r.length === 1,
    );
    expect(reminder.data).toMatchObject({
      inquiry: { id: waiting.id },
      waitingBusinessMinutes: 240,
      thresholdBusinessMinutes: 240,
    });
    // The inquiry as the payload carries it, key order included: the contact as typed with it.
    const { message } = (await env.DB.prepare("SELECT message FROM inquiries WHERE id = ?")
      .bind(waiting.id)
      .first<{ message: string }>())!;
    expect(JSON.stringify(reminder.data.inquiry)).toBe(
      JSON.stringify({
        id: waiting.id,
        kind: "demo",
        message,
        createdAt: "2026-11-27T08:00:00.000Z",
        contact: { email: "hanako@example.jp", name: "山田 花子", company: "株式会社サンプル" },
      }),
    );

    await runScheduled(jst("2026-11-30T12:05:00"));
    await runScheduled(jst("2026-12-01T12:00:00"));
    expect(await stalled()).toEqual([waiting.id]);
  }, 30_000);

  it("skips Japan's public holidays for a site in Asia/Tokyo (Golden Week 2026)", async () => {
    const site = await notifiedSite();
    // Friday 1 May 17:00 JST: one business hour, then the weekend and 4–6 May (holidays).
    const inquiry = await inquiryAt(site.siteId, "2026-05-01T17:00:00");
    const stalled = async () =>
      (await notificationRows(site.siteId)).filter((r) => r.event === "inquiry.stalled").map((r) => r.subject_id);
    await runScheduled(jst("2026-05-04T12:00:00")); // a Monday, but みどりの日: still 1 business hour
    await runScheduled(jst("2026-05-06T17:00:00")); // 振替休日
    expect(await stalled()).toEqual([]);
    await runScheduled(jst("2026-05-07T11:55:00")); // Thursday: 1 h + 2 h 55 min
    expect(await stalled()).toEqual([]);
    await runScheduled(jst("2026-05-07T12:00:00"));
    expect(await stalled()).toEqual([inquiry.id]);
  }, 30_000);

  it("follows the site's own threshold", async () => {
    const site = await notifiedSite();
    await env.DB.prepare("UPDATE sites SET stall_after_minutes = 30 WHERE id = ?").bind(site.siteId).run();
    const inquiry = await inquiryAt(site.siteId, "2026-11-30T10:00:00");
    await runScheduled(jst("2026-11-30T10:25:00"));
    expect((await notificationRows(site.siteId)).filter((r) => r.event === "inquiry.stalled")).toEqual([]);
    await runScheduled(jst("2026-11-30T10:30:00"));
    const rows = (await notificationRows(site.siteId)).filter((r) => r.event === "inquiry.stalled");
    expect(rows.map((r) => r.subject_id)).toEqual([inquiry.id]);
  });
});
