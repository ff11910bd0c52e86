import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { inquiryBody, leadBody, makeSite, rows } from "./helpers.ts";
import { mailTo, waitForMail } from "./mail-helpers.ts";
import { api, storeInquiry, storeLead } from "./notify-helpers.ts";
import { addMember } from "./session-fixtures.ts";

// The bytes a receiver gets for a new inquiry or lead, and the team mail's text, field by field
// and in order: every field the record events carry is set here (touches, hidden fields, a
// verified address, an earlier download, an assignee), so a change to how the consumer reads or
// presents a record cannot change what is sent without this test failing.

const T0 = Date.parse("2026-12-07T01:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

const touch = (landingUrl: string, at: number) => ({
  landingUrl,
  referrer: "https://www.google.com/",
  utm: { source: "ads", campaign: "winter" },
  at,
});

const fullContext = {
  pageUrl: "https://shop.example.jp/pricing",
  referrer: "https://www.google.com/",
  locale: "ja-JP",
  utm: { source: "newsletter", medium: "email", campaign: "autumn", term: "crm", content: "top" },
  attribution: {
    first: touch("https://shop.example.jp/", T0 - 86_400_000),
    last: touch("https://shop.example.jp/b", T0),
  },
};

const presentedContext = {
  pageUrl: fullContext.pageUrl,
  referrer: fullContext.referrer,
  locale: fullContext.locale,
  utm: fullContext.utm,
  attribution: {
    first: { ...fullContext.attribution.first, at: iso(fullContext.attribution.first.at) },
    last: { ...fullContext.attribution.last, at: iso(fullContext.attribution.last.at) },
  },
  hidden: { plan: "pro" },
};

async function consume(notificationId: string) {
  const batch = createMessageBatch<NotifyMessage>("hikiai-notifications", [
    { id: "m0", timestamp: Date.now(), attempts: 1, body: { notificationId } },
  ]);
  await handleQueue(batch, env as never);
  return getQueueResult(batch, createExecutionContext());
}

const storedPayload = async (notificationId: string) =>
  (await rows<{ payload: string }>("SELECT payload FROM notifications WHERE id = ?", notificationId))[0]!.payload;

async function addNotification(siteId: string, event: string, subjectId: string, at: number) {
  const id = crypto.randomUUID();
  await env.DB.prepare("INSERT INTO notifications (id, site_id, event, subject_id, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, siteId, event, subjectId, at)
    .run();
  return id;
}

describe("what a record's notification says, byte for byte", () => {
  it("inquiry.created and lead.created payloads and the team mail keep every field in its place", async () => {
    const { siteId, apiKey } = await makeSite({ scope: "write" });
    const email = `pin.${crypto.randomUUID().slice(0, 8)}@customer.example`;
    const member = await addMember(siteId, "member", mailTo("pin"), "青木");
    await api(apiKey, "PATCH", `/v1/members/${member.id}`, { language: "en", slackUserId: "U012AB3CD" });
    expect((await api(apiKey, "POST", "/v1/routing-rules", { action: "assign", members: [member.email] })).status).toBe(
      201,
    );

    const lead = await storeLead(
      siteId,
      leadBody({
        email,
        name: "山田 花子",
        company: "株式会社サンプル",
        context: fullContext,
        hidden: { plan: "pro" },
      }),
      T0 - 3_600_000,
    );
    await env.DB.prepare("UPDATE contacts SET email_verified_at = ? WHERE site_id = ? AND email = ?")
      .bind(T0 - 1_800_000, siteId, email)
      .run();
    const inquiry = await storeInquiry(
      siteId,
      inquiryBody({ email, context: fullContext, hidden: { plan: "pro" }, message: "来週\nデモを" }),
      T0,
      true,
    );
    const [contact] = await rows<{ id: string }>(
      "SELECT id FROM contacts WHERE site_id = ? AND email = ?",
      siteId,
      email,
    );
    const contactRef = {
      id: contact!.id,
      email,
      name: "山田 花子",
      company: "株式会社サンプル",
      verifiedAt: iso(T0 - 1_800_000),
    };

    expect((await consume(inquiry.notificationId!)).explicitAcks).toEqual(["m0"]);
    const inquiryPayload = {
      type: "inquiry.created",
      timestamp: iso(T0),
      data: {
        site: { id: siteId, name: "Test site" },
        inquiry: {
          id: inquiry.id,
          kind: "demo",
          status: "new",
          message: "来週\nデモを",
          preferredTime: "平日午後",
          createdAt: iso(T0),
          context: presentedContext,
          contact: contactRef,
          assignee: member.email,
        },
        earlierDownloads: [{ resourceId: "whitepaper-2026", at: iso(T0 - 3_600_000), downloads: 1 }],
        assignedTo: { email: member.email, name: "青木", slackUserId: "U012AB3CD" },
      },
    };
    expect(await storedPayload(inquiry.notificationId!)).toBe(JSON.stringify(inquiryPayload));

    const [mail] = await waitForMail(member.email);
    expect(mail!.subject).toBe("New demo request: 山田 花子 (株式会社サンプル)");
    expect(mail!.text).toBe(
      [
        "Routing rule 1 assigned it to you.",
        "",
        "Name: 山田 花子",
        "Company: 株式会社サンプル",
        `E-mail: ${email}`,
        "Preferred time: 平日午後",
        "",
        "Message:",
        "来週\nデモを",
        "",
        `Open it in the dashboard: ${env.APP_ORIGIN ?? "http://localhost:8787"}/app/inbox?site=${encodeURIComponent(
          (await rows<{ site_key: string }>("SELECT site_key FROM sites WHERE id = ?", siteId))[0]!.site_key,
        )}&open=${inquiry.id}`,
      ].join("\n"),
    );

    const leadNotification = await addNotification(siteId, "lead.created", lead.id, T0 - 3_600_000);
    await consume(leadNotification);
    const leadPayload = {
      type: "lead.created",
      timestamp: iso(T0 - 3_600_000),
      data: {
        site: { id: siteId, name: "Test site" },
        lead: {
          id: lead.id,
          resourceId: "whitepaper-2026",
          createdAt: iso(T0 - 3_600_000),
          context: presentedContext,
          contact: contactRef,
        },
        earlierDownloads: [],
      },
    };
    expect(await storedPayload(leadNotification)).toBe(JSON.stringify(leadPayload));

    // A later download lists the earlier one (and not itself).
    const later = await storeLead(
      siteId,
      leadBody({
        email,
        resourceId: "price-list",
        name: "山田 花子",
        company: "株式会社サンプル",
        context: fullContext,
        hidden: { plan: "pro" },
      }),
      T0 + 60_000,
    );
    const laterNotification = await addNotification(siteId, "lead.created", later.id, T0 + 60_000);
    await consume(laterNotification);
    const laterPayload = {
      type: "lead.created",
      timestamp: iso(T0 + 60_000),
      data: {
        site: leadPayload.data.site,
        lead: { ...leadPayload.data.lead, id: later.id, resourceId: "price-list", createdAt: iso(T0 + 60_000) },
        earlierDownloads: [{ resourceId: "whitepaper-2026", at: iso(T0 - 3_600_000), downloads: 1 }],
      },
    };
    expect(await storedPayload(laterNotification)).toBe(JSON.stringify(laterPayload));
  });
});
