import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { ErasureSchema, PersonalDataExportSchema } from "../../shared/api-privacy.ts";
import { catchUpSearch } from "../../worker/db/search.ts";
import { sendMail } from "../../worker/mail/send.ts";
import { handleQueue } from "../../worker/notify/consumer.ts";
import type { NotifyMessage } from "../../worker/notify/enqueue.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { addWebhook, notificationRows, RECEIVER, receiverPath } from "./notify-helpers.ts";
import { markFragments, personalData, seedPerson, wholeDatabaseText } from "./person-fixtures.ts";
import { addKey } from "./team-fixtures.ts";

type Export = z.infer<typeof PersonalDataExportSchema>;
type Erasure = z.infer<typeof ErasureSchema>;

const writeSite = () => makeSite({ scope: "write" });

describe("POST /v1/personal-data/export", () => {
  it("returns everything stored about the person, by e-mail (as typed) or by contact id", async () => {
    const { siteKey, siteId, apiKey, keyId } = await writeSite();
    const person = await seedPerson(siteKey, siteId, keyId);
    await seedPerson(siteKey, siteId, keyId); // someone else on the same site

    const res = await personalData("export", apiKey, { email: `  ${person.email.toUpperCase()} ` });
    expect(res.status).toBe(200);
    const data = z.parse(PersonalDataExportSchema, await res.json()) as Export;
    expect(data.contact).toMatchObject({ email: person.email, name: person.name, company: person.company });
    expect(new Set(data.leads.map((l) => l.id))).toEqual(person.ids.leads);
    expect(data.leads.map((l) => l.downloadCount).sort()).toEqual([1, 2]);
    expect(new Set(data.inquiries.map((i) => i.id))).toEqual(person.ids.inquiries);
    expect(data.inquiries.map((i) => i.message)).toEqual([...person.messages]);
    expect(data.followUpHistory).toEqual([
      expect.objectContaining({ field: "note", to: `${person.name}さんに電話済み`, apiKeyId: keyId }),
    ]);
    expect(data.submissions.map((s) => s.submissionId).sort()).toEqual([...person.ids.submissions].sort());

    const byId = await personalData("export", apiKey, { contactId: data.contact.id });
    expect(byId.status).toBe(200);
    const again = (await byId.json()) as Export;
    expect({ ...again, exportedAt: "" }).toEqual({ ...data, exportedAt: "" });
  });

  it("gives each submission's name and company as typed then and its consent record", async () => {
    const { siteKey, apiKey } = await writeSite();
    const email = `history.${crypto.randomUUID().slice(0, 8)}@example.jp`;
    const first = leadBody({
      email,
      name: "山田 太郎",
      company: "旧社名株式会社",
      consent: { version: "ja-v1", privacyUrl: "https://example.jp/privacy?email=x" },
    });
    const second = inquiryBody({
      email,
      name: "山田 太郎",
      company: "新社名株式会社",
      consent: { version: "ja-v2" },
    });
    const third = leadBody({ email, resourceId: "price-list" }); // no name, company or consent
    for (const [kind, body] of [
      ["lead", first],
      ["inquiry", second],
      ["lead", third],
    ] as const) {
      expect((await collect(kind, siteKey, body)).status).toBe(201);
    }
    const res = await personalData("export", apiKey, { email });
    const data = z.parse(PersonalDataExportSchema, await res.json()) as Export;
    // The contact shows its inquiry's pair (a later download does not replace it); the history has both.
    expect(data.contact.company).toBe("新社名株式会社");
    const bySubmission = Object.fromEntries(data.submissions.map((s) => [s.submissionId, s]));
    expect(bySubmission[first.submissionId as string]).toMatchObject({
      name: "山田 太郎",
      company: "旧社名株式会社",
      consent: { version: "ja-v1", privacyUrl: "https://example.jp/privacy", at: expect.stringMatching(/Z$/) },
    });
    expect(bySubmission[second.submissionId as string]).toMatchObject({
      kind: "inquiry",
      company: "新社名株式会社",
      consent: { version: "ja-v2", privacyUrl: null },
    });
    expect(bySubmission[third.submissionId as string]).toMatchObject({ name: null, company: null, consent: null });
    const consent = bySubmission[first.submissionId as string]!.consent!;
    expect(consent.at).toBe(bySubmission[first.submissionId as string]!.receivedAt);
  });

  it("gives each lead and inquiry its contact as the lists show it: the name and company typed with it", async () => {
    const { siteKey, apiKey } = await writeSite();
    const email = `typed.${crypto.randomUUID().slice(0, 8)}@example.jp`;
    const lead = leadBody({ email, name: "旧姓 花子", company: "旧社名株式会社" });
    const inquiry = inquiryBody({ email, name: "新姓 花子", company: undefined });
    const ids: string[] = [];
    for (const [kind, body] of [
      ["lead", lead],
      ["inquiry", inquiry],
    ] as const) {
      const res = await collect(kind, siteKey, body);
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const res = await personalData("export", apiKey, { email });
    const data = z.parse(PersonalDataExportSchema, await res.json()) as Export;
    expect(data.contact).toMatchObject({ name: "新姓 花子", company: null });
    expect(data.leads).toEqual([
      expect.objectContaining({
        id: ids[0],
        contact: { id: data.contact.id, email, name: "旧姓 花子", company: "旧社名株式会社", verifiedAt: null },
      }),
    ]);
    expect(data.inquiries).toEqual([
      expect.objectContaining({
        id: ids[1],
        contact: { id: data.contact.id, email, name: "新姓 花子", company: null, verifiedAt: null },
      }),
    ]);
    // As GET /v1/inquiries/:id shows it.
    const detail = await call(`/v1/inquiries/${ids[1]}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(((await detail.json()) as { contact: object }).contact).toMatchObject(data.inquiries[0]!.contact);
  });

  it("404 naming the field for someone not stored on this site (other sites do not count)", async () => {
    const { apiKey } = await writeSite();
    const other = await writeSite();
    const stranger = await seedPerson(other.siteKey, other.siteId, other.keyId);
    const res = await personalData("export", apiKey, { email: stranger.email });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      email: "no contact with this e-mail on this site",
    });
    const byId = await personalData("export", apiKey, { contactId: "nobody" });
    expect(byId.status).toBe(404);
  });

  it("400 unless exactly one of email and contactId; 400 for a bad e-mail", async () => {
    const { apiKey } = await writeSite();
    for (const body of [{}, { email: "a@b.jp", contactId: "x" }]) {
      for (const path of ["export", "erase"] as const) {
        const res = await personalData(path, apiKey, body);
        expect(res.status).toBe(400);
        const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
        expect(error.code).toBe("invalid_body");
        expect(error.fields.email).toBe("give exactly one of email and contactId");
      }
    }
    const bad = await personalData("export", apiKey, { email: "not an address" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.email).toBe(
      "must be an e-mail address",
    );
  });

  it("needs a write key: 403 insufficient_scope with a read key, 401 without one", async () => {
    const { siteId } = await writeSite();
    const read = await addKey(siteId, "read");
    for (const path of ["export", "erase"] as const) {
      const res = await personalData(path, read.key, { email: "a@b.jp" });
      expect(res.status).toBe(403);
      const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(error).toMatchObject({
        code: "insufficient_scope",
        fields: { authorization: "has scope read; this needs write" },
      });
      expect((await personalData(path, "", { email: "a@b.jp" })).status).toBe(401);
    }
  });
});

describe("POST /v1/personal-data/erase", () => {
  it("erases the person everywhere, search index and notifications included, keeps others, records counts only", async () => {
    const { siteKey, siteId, apiKey, keyId } = await writeSite();
    // A webhook: every inquiry gets a notification row; dispatching it stores its payload (the
    // person's name and e-mail) and a delivery with its attempt log.
    await addWebhook(apiKey, { url: `${RECEIVER}${receiverPath()}` });
    const person = await seedPerson(siteKey, siteId, keyId);
    const neighbour = await seedPerson(siteKey, siteId, keyId);
    const notified = await notificationRows(siteId);
    expect(notified.length).toBeGreaterThanOrEqual(4);
    await handleQueue(
      createMessageBatch<NotifyMessage>(
        "hikiai-notifications",
        notified.map((n, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body: { notificationId: n.id } })),
      ),
      env as never,
    );
    expect((await notificationRows(siteId)).every((n) => n.payload?.includes("@example.jp"))).toBe(true);
    // A mail to each of them (an auto-reply's receipt) is in the mail log under their address.
    for (const someone of [person, neighbour]) {
      const receipt = { subject: "受付しました", text: "ありがとうございました。" };
      const message = { ...receipt, to: someone.email, from: { email: "team@hikiai.example" } };
      const sent = await sendMail(env as never, {
        siteId,
        kind: "autoreply",
        key: someone.email,
        to: someone.email,
        message,
      });
      expect(sent).toBe("sent");
    }
    // The search index holds both people, as it does after any search or the cron.
    await catchUpSearch(env.DB);
    const before = await wholeDatabaseText();
    for (const fragment of [person.email, ...markFragments(person.mark)]) expect(before).toContain(fragment);
    // Each of their leads and inquiries holds the name and company typed with it: gone too below.
    for (const table of ["leads", "inquiries"]) {
      const { results } = await env.DB.prepare(
        `SELECT DISTINCT typed_name, typed_company FROM ${table} WHERE contact_id = (SELECT id FROM contacts WHERE email = ?)`,
      )
        .bind(person.email)
        .all();
      expect(results).toEqual([{ typed_name: person.name, typed_company: person.company }]);
    }
    const contactId = ((await (await personalData("export", apiKey, { email: person.email })).json()) as Export).contact
      .id;

    const res = await personalData("erase", apiKey, { email: person.email });
    expect(res.status).toBe(200);
    const erasure = z.parse(ErasureSchema, await res.json()) as Erasure;
    expect(erasure).toMatchObject({
      reason: "request",
      apiKeyId: keyId,
      erased: { contacts: 1, leads: 2, inquiries: 2, submissions: 5, followUpHistory: 1 },
    });

    // Nothing in any table mentions the person any more, the erasure record included.
    const everything = await wholeDatabaseText();
    for (const trace of [
      person.email,
      person.name,
      person.company,
      ...person.messages,
      ...markFragments(person.mark),
      contactId,
      ...person.ids.leads,
      ...person.ids.inquiries,
      ...person.ids.submissions,
    ]) {
      expect(everything.includes(trace), trace).toBe(false);
    }
    expect(everything).toContain(erasure.id);
    // The neighbour on the same site is untouched.
    expect(everything).toContain(neighbour.email);
    // …in the search index's segments too: the scan does read them.
    const segments = everything.split("\n").filter((t: string) => /^(contacts|inquiries)_fts_data:/.test(t));
    for (const fragment of markFragments(neighbour.mark)) expect(segments.join("\n")).toContain(fragment);
    for (const id of neighbour.ids.submissions) expect(everything).toContain(id);
  });

  it("erases only on the key's site: the same address on another site stays", async () => {
    const one = await writeSite();
    const two = await writeSite();
    const person = await seedPerson(one.siteKey, one.siteId, one.keyId);
    const twin = await seedPerson(two.siteKey, two.siteId, two.keyId);
    await env.DB.prepare("UPDATE contacts SET email = ? WHERE site_id = ?").bind(person.email, two.siteId).run();
    expect((await personalData("erase", one.apiKey, { email: person.email })).status).toBe(200);
    const res = await personalData("export", two.apiKey, { email: person.email });
    expect(res.status).toBe(200);
    const data = (await res.json()) as Export;
    expect(data.submissions.map((s) => s.submissionId).sort()).toEqual([...twin.ids.submissions].sort());
  });

  it("is idempotent: erasing again (by e-mail or id) answers 200 with zero counts", async () => {
    const { siteKey, siteId, apiKey, keyId } = await writeSite();
    const person = await seedPerson(siteKey, siteId, keyId);
    const { contact } = (await (await personalData("export", apiKey, { email: person.email })).json()) as Export;
    expect((await personalData("erase", apiKey, { contactId: contact.id })).status).toBe(200);
    for (const body of [{ contactId: contact.id }, { email: person.email }]) {
      const again = await personalData("erase", apiKey, body);
      expect(again.status).toBe(200);
      expect(((await again.json()) as Erasure).erased).toEqual({
        contacts: 0,
        leads: 0,
        inquiries: 0,
        submissions: 0,
        followUpHistory: 0,
      });
    }
    expect((await personalData("export", apiKey, { email: person.email })).status).toBe(404);
    const records = await env.DB.prepare("SELECT contacts FROM erasures WHERE site_id = ? ORDER BY erased_at")
      .bind(siteId)
      .all<{ contacts: number }>();
    expect(records.results.map((r) => r.contacts)).toEqual([1, 0, 0]);
  });
});
