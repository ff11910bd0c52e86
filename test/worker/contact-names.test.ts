import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import typedPairMigration from "../../migrations/0038_record_typed_pair.sql?raw";
import { runBatch } from "../../worker/db/batch-read.ts";
import { subjectRead, waitingInquiries } from "../../worker/db/notification-subjects.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { api } from "./notify-helpers.ts";

// Anyone with the public site key can submit in someone else's name. What the team sees with
// each lead and inquiry is what was typed with it; the contact's own name follows a rule an
// impostor cannot pin (the latest inquiry not marked spam, else the latest download).
const POISON = { name: "Call +81-3-0000-0000 to verify", company: "Verify Desk" };
const REAL = { name: "山田 太郎", company: "顧客株式会社" };

async function poisonedThenReal() {
  const site = await makeSite({ scope: "write" });
  const email = `ceo.${crypto.randomUUID().slice(0, 8)}@customer.example`;
  // The impostor pre-registers the address with a download, then the real person asks.
  const lead = await collect("lead", site.siteKey, leadBody({ email, ...POISON }));
  expect(lead.status).toBe(201);
  const inquiry = await collect("inquiry", site.siteKey, inquiryBody({ email, ...REAL }));
  expect(inquiry.status).toBe(201);
  const ids = {
    lead: ((await lead.json()) as { id: string }).id,
    inquiry: ((await inquiry.json()) as { id: string }).id,
  };
  return { ...site, email, ids };
}

const contactOf = async (apiKey: string, email: string) => {
  const list = await api(apiKey, "GET", `/v1/contacts?q=${encodeURIComponent(email)}`);
  const id = list.body.data.find((c: { email: string }) => c.email === email).id;
  return (await api(apiKey, "GET", `/v1/contacts/${id}`)).body as { name: string; company: string };
};

describe("each lead and inquiry shows the name and company typed with it", () => {
  it("in the lists, the details and the CSV export", async () => {
    const { apiKey, ids } = await poisonedThenReal();
    const inquiries = await api(apiKey, "GET", "/v1/inquiries");
    expect(inquiries.body.data.find((i: { id: string }) => i.id === ids.inquiry).contact).toMatchObject(REAL);
    const detail = await api(apiKey, "GET", `/v1/inquiries/${ids.inquiry}`);
    expect(detail.body.contact).toMatchObject(REAL);
    const leads = await api(apiKey, "GET", "/v1/leads");
    expect(leads.body.data.find((l: { id: string }) => l.id === ids.lead).contact).toMatchObject(POISON);
    const csv = await (
      await call("/v1/export/inquiries.csv", { headers: { authorization: `Bearer ${apiKey}` } })
    ).text();
    expect(csv).toContain(REAL.name);
    expect(csv).not.toContain(POISON.name);
  });

  it("an inquiry typed without a name shows none, not the impostor's", async () => {
    const site = await makeSite();
    const email = `quiet.${crypto.randomUUID().slice(0, 8)}@customer.example`;
    await collect("lead", site.siteKey, leadBody({ email, ...POISON }));
    const res = await collect("inquiry", site.siteKey, inquiryBody({ email, name: undefined, company: undefined }));
    const { id } = (await res.json()) as { id: string };
    const detail = await api(site.apiKey, "GET", `/v1/inquiries/${id}`);
    expect(detail.body.contact).toMatchObject({ email, name: null, company: null });
  });

  it("in what notifications say: the event, the digest and the stall reminder", async () => {
    const { siteId, ids } = await poisonedThenReal();
    // The outbox row a site with a webhook gets from the collect batch.
    const notificationId = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO notifications (id, site_id, event, subject_id, created_at) VALUES (?, ?, 'inquiry.created', ?, ?)",
    )
      .bind(notificationId, siteId, ids.inquiry, Date.now())
      .run();
    const [subject] = await runBatch(env.DB, [subjectRead(env.DB, notificationId)]);
    expect(subject?.event === "inquiry.created" && subject.inquiry.contact).toMatchObject(REAL);
    const waiting = await waitingInquiries(env.DB, siteId, 0, Date.now() + 1000);
    expect(waiting.find((w) => w.id === ids.inquiry)?.contact).toMatchObject({
      name: REAL.name,
      company: REAL.company,
    });
  });
});

describe("migration 0038: the typed pair on the record", () => {
  it("gives each stored record its first submission's pair ('' for a field left empty), none without a submission", async () => {
    const site = await makeSite();
    const email = `early.${crypto.randomUUID().slice(0, 8)}@customer.example`;
    const res = await collect("lead", site.siteKey, leadBody({ email, name: "最初", company: undefined }));
    const { id } = (await res.json()) as { id: string };
    // As stored before the migration: no pair on the record; a later submission counted on it
    // (another name, the same time), and a lead seeded with no submission at all.
    const seeded = crypto.randomUUID();
    const at = (await env.DB.prepare("SELECT first_seen_at AS t FROM leads WHERE id = ?")
      .bind(id)
      .first<{ t: number }>())!.t;
    await env.DB.batch([
      env.DB.prepare("UPDATE leads SET typed_name = NULL, typed_company = NULL WHERE id = ?").bind(id),
      env.DB.prepare(
        `INSERT INTO submissions (site_id, kind, submission_id, record_id, name, company, created_at)
         VALUES (?, 'lead', ?, ?, 'あとから', '別会社', ?)`,
      ).bind(site.siteId, crypto.randomUUID(), id, at + 1),
      env.DB.prepare(
        `INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, first_seen_at, last_seen_at, window_open)
         SELECT ?, site_id, contact_id, 'other', page_url, first_seen_at, last_seen_at, 0 FROM leads WHERE id = ?`,
      ).bind(seeded, id),
    ]);
    const updates = typedPairMigration
      .replace(/--.*$/gm, "")
      .split(";")
      .map((statement) => statement.trim())
      .filter((statement) => statement.startsWith("UPDATE"));
    expect(updates).toHaveLength(2);
    await env.DB.batch(updates.map((statement) => env.DB.prepare(statement)));
    const typed = (leadId: string) =>
      env.DB.prepare("SELECT typed_name, typed_company FROM leads WHERE id = ?").bind(leadId).first();
    expect(await typed(id)).toEqual({ typed_name: "最初", typed_company: "" });
    expect(await typed(seeded)).toEqual({ typed_name: null, typed_company: null });
  });
});

describe("the contact's name and company", () => {
  it("are the latest inquiry's pair: a download before or after does not replace them", async () => {
    const { apiKey, siteKey, email } = await poisonedThenReal();
    expect(await contactOf(apiKey, email)).toMatchObject(REAL);
    await collect("lead", siteKey, leadBody({ email, resourceId: "price-list", ...POISON }));
    expect(await contactOf(apiKey, email)).toMatchObject(REAL);
  });

  it("go back to the real person's once the impostor's inquiry is marked spam, and follow it if unmarked", async () => {
    const { apiKey, siteKey, email } = await poisonedThenReal();
    const res = await collect("inquiry", siteKey, inquiryBody({ email, ...POISON, message: "verify" }));
    const { id } = (await res.json()) as { id: string };
    expect(await contactOf(apiKey, email)).toMatchObject(POISON);
    expect((await api(apiKey, "PATCH", `/v1/inquiries/${id}`, { status: "spam" })).status).toBe(200);
    expect(await contactOf(apiKey, email)).toMatchObject(REAL);
    expect((await api(apiKey, "PATCH", `/v1/inquiries/${id}`, { status: "new" })).status).toBe(200);
    expect(await contactOf(apiKey, email)).toMatchObject(POISON);
  });

  it("with only downloads, are the latest download's pair", async () => {
    const site = await makeSite();
    const email = `reader.${crypto.randomUUID().slice(0, 8)}@customer.example`;
    await collect("lead", site.siteKey, leadBody({ email, ...POISON }));
    await collect("lead", site.siteKey, leadBody({ email, resourceId: "price-list", ...REAL }));
    expect(await contactOf(site.apiKey, email)).toMatchObject(REAL);
  });
});
