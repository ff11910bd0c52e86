import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, inquiryBody, leadBody, makeSite, rows } from "./helpers.ts";

type Answer = { id: string; duplicate: boolean };

describe("idempotency (IETF Idempotency-Key draft): submission ids scoped by kind", () => {
  it("a lead's id reused for an inquiry stores the inquiry, not the lead's answer", async () => {
    const { siteKey, siteId } = await makeSite();
    const submissionId = crypto.randomUUID();
    const lead = await collect("lead", siteKey, leadBody({ submissionId }));
    const inquiry = await collect("inquiry", siteKey, inquiryBody({ submissionId }));
    expect(lead.status).toBe(201);
    expect(inquiry.status).toBe(201);
    const leadId = ((await lead.json()) as Answer).id;
    const inquiryId = ((await inquiry.json()) as Answer).id;
    expect(inquiryId).not.toBe(leadId);
    expect(await rows("SELECT id FROM inquiries WHERE id = ? AND site_id = ?", inquiryId, siteId)).toHaveLength(1);
    expect(
      await rows("SELECT kind, record_id FROM submissions WHERE submission_id = ? ORDER BY kind", submissionId),
    ).toEqual([
      { kind: "inquiry", record_id: inquiryId },
      { kind: "lead", record_id: leadId },
    ]);
  });

  it("the same id with a different body is a 422 naming submissionId, and nothing is written", async () => {
    const { siteKey, siteId } = await makeSite();
    const body = inquiryBody();
    const first = (await (await collect("inquiry", siteKey, body)).json()) as Answer;
    const res = await collect("inquiry", siteKey, { ...body, message: "別の内容", email: "other@example.jp" });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe("submission_conflict");
    expect(error.fields.submissionId).toMatch(/already used/);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toEqual([{ id: first.id }]);
    expect(await rows("SELECT email FROM contacts WHERE site_id = ?", siteId)).toEqual([{ email: body.email }]);
  });

  it("a lead retried with another resource is a 422 too", async () => {
    const { siteKey } = await makeSite();
    const body = leadBody();
    await collect("lead", siteKey, body);
    expect((await collect("lead", siteKey, { ...body, resourceId: "other" })).status).toBe(422);
  });

  it("the same body in another key order, with other white space or a renewed Turnstile token is a retry", async () => {
    const { siteKey } = await makeSite();
    const body = inquiryBody({ turnstileToken: "first-token" });
    const first = (await (await collect("inquiry", siteKey, body)).json()) as Answer;
    const reordered = Object.fromEntries(Object.entries({ ...body, turnstileToken: "renewed" }).reverse());
    const again = await collect("inquiry", siteKey, JSON.stringify(reordered, null, 2));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
  });

  it("a retry after its record's 24 h window closed still gets the original id, and writes nothing", async () => {
    const { siteKey, siteId } = await makeSite();
    const body = leadBody();
    const first = (await (await collect("lead", siteKey, body)).json()) as Answer;
    await env.DB.prepare("UPDATE leads SET window_open = 0 WHERE id = ?").bind(first.id).run();
    const again = await collect("lead", siteKey, body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toEqual([{ id: first.id }]);
    expect(await rows("SELECT record_id FROM submissions WHERE site_id = ?", siteId)).toEqual([
      { record_id: first.id },
    ]);
  });

  it("stores a hash of the body, not a copy", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("lead", siteKey, leadBody());
    const [row] = await rows<{ body_hash: string }>("SELECT body_hash FROM submissions WHERE site_id = ?", siteId);
    expect(row?.body_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("nothing the visitor typed is silently dropped", () => {
  it("a repeat demo request differing only in preferredTime is stored as a new inquiry", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = await collect("inquiry", siteKey, inquiryBody({ preferredTime: "平日午後" }));
    const second = await collect("inquiry", siteKey, inquiryBody({ preferredTime: "来週月曜 10時" }));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const times = await rows("SELECT preferred_time FROM inquiries WHERE site_id = ? ORDER BY created_at", siteId);
    expect(times.map((r) => r.preferred_time).sort()).toEqual(["平日午後", "来週月曜 10時"].sort());
  });

  it("a repeat differing only in name or company is stored too", async () => {
    const { siteKey, siteId } = await makeSite();
    await collect("inquiry", siteKey, inquiryBody());
    expect((await collect("inquiry", siteKey, inquiryBody({ company: "株式会社ベツ" }))).status).toBe(201);
    expect((await collect("inquiry", siteKey, inquiryBody({ name: "山田 花子（営業部）" }))).status).toBe(201);
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(3);
  });

  it("an identical repeat (everything typed alike) within 24 h is still one inquiry", async () => {
    const { siteKey, siteId } = await makeSite();
    const first = (await (await collect("inquiry", siteKey, inquiryBody())).json()) as Answer;
    const again = await collect("inquiry", siteKey, inquiryBody());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
    expect(await rows("SELECT id FROM inquiries WHERE site_id = ?", siteId)).toHaveLength(1);
    // Both submissions are on record, pointing at the one inquiry.
    expect(await rows("SELECT record_id FROM submissions WHERE site_id = ?", siteId)).toEqual([
      { record_id: first.id },
      { record_id: first.id },
    ]);
  });
});

describe("consent record per submission", () => {
  it("stores the consent version and privacy URL with the submission; its time is the submission's", async () => {
    const { siteKey, siteId } = await makeSite();
    const consent = { version: "ja-3f2a9c", privacyUrl: "https://shop.example.jp/privacy" };
    const before = Date.now();
    expect((await collect("inquiry", siteKey, inquiryBody({ consent }))).status).toBe(201);
    const [row] = await rows<{ consent_version: string; consent_privacy_url: string; created_at: number }>(
      "SELECT consent_version, consent_privacy_url, created_at FROM submissions WHERE site_id = ?",
      siteId,
    );
    expect(row).toMatchObject({ consent_version: "ja-3f2a9c", consent_privacy_url: consent.privacyUrl });
    expect(row?.created_at).toBeGreaterThanOrEqual(before);
  });
});
