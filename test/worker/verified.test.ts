// "Verified" in the team API: opening a mailed download link (routes/download.ts) stamps the lead
// downloaded and its contact's address verified; the lists, details and filters show it.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InquiryPageSchema } from "../../shared/api.ts";
import { ContactDetailSchema, ContactPageSchema, LeadPageSchema } from "../../shared/api-team.ts";
import { type StatsResponse, StatsResponseSchema } from "../../shared/stats.ts";
import { signDownloadToken } from "../../worker/lib/download-link.ts";
import { exportRows } from "./csv-helpers.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { SAMPLE_SENDER } from "./mail-helpers.ts";
import { addWebhook, api, eventually, RECEIVER, received, receiverPath } from "./notify-helpers.ts";
import { SELF_ORIGIN } from "./session-fixtures.ts";
import { allIds, type ErrorBody, getJson } from "./team-fixtures.ts";

interface Person {
  id: string;
  email: string;
  verifiedAt: string | null;
}
interface Lead {
  id: string;
  downloadedAt: string | null;
  contact: Person;
}

/** A site with a resource delivered by mail, a lead of it by each of two people, and the first one's link opened. */
async function siteWithOneVerified() {
  const site = await makeSite({ scope: "write" });
  expect((await api(site.apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER)).status).toBe(200);
  await api(site.apiKey, "PUT", "/v1/resources/guide", {
    title: "ガイド",
    fileUrl: "https://files.example.jp/guide.pdf",
    delivery: "mail",
  });
  const stored = async (email: string) => {
    const res = await collect("lead", site.siteKey, leadBody({ email, resourceId: "guide" }));
    return ((await res.json()) as { id: string }).id;
  };
  const verifiedLead = await stored("verified@example.jp");
  const otherLead = await stored("other@example.jp");
  const before = Date.now();
  const token = await signDownloadToken(env.DOWNLOAD_LINK_SECRET!, {
    siteId: site.siteId,
    leadId: verifiedLead,
    expiresAt: Date.now() + 60_000,
    uses: 5,
  });
  // The download button of the link's page (opening the link alone counts nothing).
  const pressed = await call(`/d/${token}`, { method: "POST", headers: { origin: SELF_ORIGIN }, redirect: "manual" });
  expect(pressed.status).toBe(303);
  return { ...site, verifiedLead, otherLead, before };
}

describe("verified in the team API", () => {
  it("leads show downloadedAt and their contact's verifiedAt; ?verified filters them", async () => {
    const { apiKey, verifiedLead, otherLead, before } = await siteWithOneVerified();
    const { status, body } = await getJson<{ data: Lead[] }>(apiKey, "/v1/leads");
    expect(status).toBe(200);
    const parsed = LeadPageSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const verified = body.data.find((l) => l.id === verifiedLead)!;
    const other = body.data.find((l) => l.id === otherLead)!;
    expect(Date.parse(verified.downloadedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(verified.contact.verifiedAt).toBe(verified.downloadedAt);
    expect(other.downloadedAt).toBeNull();
    expect(other.contact.verifiedAt).toBeNull();

    expect(await allIds(apiKey, "/v1/leads?verified=true")).toEqual([verifiedLead]);
    expect(await allIds(apiKey, "/v1/leads?verified=false")).toEqual([otherLead]);
  });

  it("a later lead of a verified person is verified too (the address is), though not downloaded by mail", async () => {
    const { apiKey, siteKey, verifiedLead } = await siteWithOneVerified();
    const res = await collect("lead", siteKey, leadBody({ email: "verified@example.jp", resourceId: "price-list" }));
    const later = ((await res.json()) as { id: string }).id;
    expect(await allIds(apiKey, "/v1/leads?verified=true&sort=oldest")).toEqual([verifiedLead, later]);
    const { body } = await getJson<{ data: Lead[] }>(apiKey, "/v1/leads?resource=price-list");
    expect(body.data[0]).toMatchObject({ id: later, downloadedAt: null, contact: { verifiedAt: expect.any(String) } });
  });

  it("contacts show verifiedAt in the list and the detail (with each lead's downloadedAt); ?verified filters them", async () => {
    const { apiKey, verifiedLead, otherLead } = await siteWithOneVerified();
    const { body } = await getJson<{ data: Person[] }>(apiKey, "/v1/contacts");
    const parsed = ContactPageSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const byEmail = Object.fromEntries(body.data.map((c) => [c.email, c]));
    expect(byEmail["verified@example.jp"]?.verifiedAt).toEqual(expect.any(String));
    expect(byEmail["other@example.jp"]?.verifiedAt).toBeNull();

    expect(await allIds(apiKey, "/v1/contacts?verified=true")).toEqual([byEmail["verified@example.jp"]!.id]);
    expect(await allIds(apiKey, "/v1/contacts?verified=false")).toEqual([byEmail["other@example.jp"]!.id]);

    const detail = await getJson<{ verifiedAt: string; leads: { id: string; downloadedAt: string | null }[] }>(
      apiKey,
      `/v1/contacts/${byEmail["verified@example.jp"]!.id}`,
    );
    expect(ContactDetailSchema.safeParse(detail.body).success).toBe(true);
    expect(detail.body.leads).toEqual([
      expect.objectContaining({ id: verifiedLead, downloadedAt: detail.body.verifiedAt }),
    ]);
    const otherDetail = await getJson<{ leads: { id: string; downloadedAt: string | null }[] }>(
      apiKey,
      `/v1/contacts/${byEmail["other@example.jp"]!.id}`,
    );
    expect(otherDetail.body.leads).toEqual([expect.objectContaining({ id: otherLead, downloadedAt: null })]);
  });

  it("an inquiry's contact carries verifiedAt in the list and the detail", async () => {
    const { apiKey, siteKey } = await siteWithOneVerified();
    const res = await collect("inquiry", siteKey, inquiryBody({ email: "verified@example.jp" }));
    const inquiryId = ((await res.json()) as { id: string }).id;
    const list = await getJson<{ data: { id: string; contact: Person }[] }>(apiKey, "/v1/inquiries");
    expect(InquiryPageSchema.safeParse(list.body).success).toBe(true);
    expect(list.body.data.find((i) => i.id === inquiryId)?.contact.verifiedAt).toEqual(expect.any(String));
    const detail = await getJson<{ contact: Person }>(apiKey, `/v1/inquiries/${inquiryId}`);
    expect(detail.body.contact.verifiedAt).toEqual(expect.any(String));
  });

  it("the CSV exports carry verified_at (and downloaded_at for leads), and leads.csv takes ?verified", async () => {
    const { apiKey, siteKey } = await siteWithOneVerified();
    await collect("inquiry", siteKey, inquiryBody({ email: "verified@example.jp" }));
    const csv = (path: string) => exportRows(apiKey, path);
    const localTime = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    const leads = await csv("/v1/export/leads.csv");
    expect(leads.find((r) => r.email === "verified@example.jp")).toMatchObject({
      verified_at: expect.stringMatching(localTime),
      downloaded_at: expect.stringMatching(localTime),
    });
    expect(leads.find((r) => r.email === "other@example.jp")).toMatchObject({ verified_at: "", downloaded_at: "" });
    expect((await csv("/v1/export/leads.csv?verified=false")).map((r) => r.email)).toEqual(["other@example.jp"]);
    const [inquiry] = await csv("/v1/export/inquiries.csv");
    expect(inquiry).toMatchObject({ email: "verified@example.jp", verified_at: expect.stringMatching(localTime) });
  });

  it("webhook payloads carry the contact's verifiedAt", async () => {
    const { apiKey, siteKey } = await siteWithOneVerified();
    const path = receiverPath();
    await addWebhook(apiKey, { url: `${RECEIVER}${path}` });
    await collect("inquiry", siteKey, inquiryBody({ email: "verified@example.jp" }));
    await collect("inquiry", siteKey, inquiryBody({ email: "other@example.jp" }));
    const got = await eventually(
      () => received(path),
      (r) => r.filter((m) => m.answered === 204).length >= 2,
    );
    const contacts = got.map((m) => JSON.parse(m.body).data.inquiry.contact as Person);
    const byEmail = Object.fromEntries(contacts.map((c) => [c.email, c.verifiedAt]));
    expect(byEmail["verified@example.jp"]).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    expect(byEmail["other@example.jp"]).toBeNull();
  });

  it("/v1/stats counts the leads of verified people beside all leads, per bucket and in total, of this site only", async () => {
    const { apiKey, siteKey } = await siteWithOneVerified();
    await siteWithOneVerified(); // another site's verified lead counts there, not here
    await collect("lead", siteKey, leadBody({ email: "verified@example.jp", resourceId: "price-list" }));
    const { status, body } = await getJson<StatsResponse>(apiKey, "/v1/stats");
    expect(status).toBe(200);
    expect(StatsResponseSchema.safeParse(body).success).toBe(true);
    expect(body.totals).toMatchObject({ leads: 3, verifiedLeads: 2 });
    expect(body.buckets.at(-1)).toMatchObject({ leads: 3, verifiedLeads: 2 });
    expect(body.buckets.slice(0, -1).every((b) => b.verifiedLeads === 0)).toBe(true);
  });

  it("?verified takes true or false only, and once", async () => {
    const { apiKey } = await makeSite();
    for (const path of [
      "/v1/leads?verified=yes",
      "/v1/contacts?verified=1",
      "/v1/leads?verified=true&verified=false",
    ]) {
      const { status, body } = await getJson<ErrorBody>(apiKey, path);
      expect(status, path).toBe(400);
      expect(body.error.fields?.verified, path).toMatch(/true or false|more than once/);
    }
  });
});
