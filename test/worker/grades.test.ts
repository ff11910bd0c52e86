import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeSite } from "../../worker/db/retention.ts";
import { call, collect, inquiryBody, leadBody, makeSite } from "./helpers.ts";
import { personalData } from "./person-fixtures.ts";
import { addKey, allIds, DAY, getJson, refreshGradeRollup, seedInquiry, seedLead } from "./team-fixtures.ts";

describe("grades (cold / warm / hot), computed when read", () => {
  it("follow the README rule: inquiries, download count and recency", async () => {
    const { siteKey, apiKey } = await makeSite();
    const now = Date.now();
    const person = async (email: string, leadAges: number[], inquiry?: "new" | "spam") => {
      for (const [i, age] of leadAges.entries()) await seedLead(siteKey, { email, resourceId: `r${i}` }, now - age);
      if (inquiry) await seedInquiry(siteKey, { email }, { status: inquiry, at: now - 50 * DAY });
      const { body } = await getJson<{ data: { id: string; email: string }[] }>(
        apiKey,
        `/v1/contacts?q=${encodeURIComponent(email)}`,
      );
      return body.data[0]!.id;
    };
    const warm = await person("recent-once@example.jp", [DAY]);
    const coldOld = await person("long-ago@example.jp", [40 * DAY]);
    const hotMany = await person("three-recent@example.jp", [20 * DAY, 10 * DAY, 2 * DAY]);
    const coldMany = await person("three-old@example.jp", [60 * DAY, 50 * DAY, 40 * DAY]);
    const hotAsked = await person("asked@example.jp", [90 * DAY], "new");
    const coldSpam = await person("spam@example.jp", [], "spam");
    // Downloading the same resource twice within 24 h is one lead: still warm, not a step towards hot.
    const repeat = leadBody({ email: "repeat@example.jp", resourceId: "same" });
    await collect("lead", siteKey, repeat);
    await collect("lead", siteKey, { ...repeat, submissionId: crypto.randomUUID() });
    await collect("lead", siteKey, { ...repeat, submissionId: crypto.randomUUID() });
    const repeatId = await person("repeat@example.jp", []);

    const byGrade = async (grade: string) => new Set(await allIds(apiKey, `/v1/contacts?grade=${grade}`));
    expect(await byGrade("hot")).toEqual(new Set([hotMany, hotAsked]));
    expect(await byGrade("warm")).toEqual(new Set([warm, repeatId]));
    expect(await byGrade("cold")).toEqual(new Set([coldOld, coldMany, coldSpam]));
    expect(await byGrade("cold,hot")).toEqual(new Set([coldOld, coldMany, coldSpam, hotMany, hotAsked]));

    // Time alone cools a contact: the same rows, 30 days later, are cold.
    await env.DB.prepare(
      "UPDATE leads SET first_seen_at = first_seen_at - ?, last_seen_at = last_seen_at - ? WHERE contact_id = ?",
    )
      .bind(30 * DAY, 30 * DAY, warm)
      .run();
    await refreshGradeRollup("id = ?", warm);
    expect(await byGrade("cold")).toContain(warm);
  });

  it("the grade filter of leads selects leads by their contact's grade", async () => {
    const { siteKey, apiKey } = await makeSite();
    const now = Date.now();
    const warmLead = await seedLead(siteKey, { email: "w@example.jp" }, now - DAY);
    const coldLead = await seedLead(siteKey, { email: "c@example.jp" }, now - 45 * DAY);
    const hotLead = await seedLead(siteKey, { email: "h@example.jp" }, now - 45 * DAY);
    await seedInquiry(siteKey, { email: "h@example.jp" });
    expect(await allIds(apiKey, "/v1/leads?grade=cold")).toEqual([coldLead]);
    expect(await allIds(apiKey, "/v1/leads?grade=warm")).toEqual([warmLead]);
    expect(await allIds(apiKey, "/v1/leads?grade=hot")).toEqual([hotLead]);
    expect(await allIds(apiKey, "/v1/leads?grade=hot&grade=cold&sort=oldest")).toEqual([coldLead, hotLead].sort());
  });
});

describe("grades at their edges, from the contacts' rollup (migration 0014)", () => {
  /** The site's contact ids per grade, as both lists answer them (the leads list by lead's contact). */
  async function grades(apiKey: string) {
    const out: Record<string, string[]> = {};
    for (const grade of ["hot", "warm", "cold"]) {
      const contactIds = await allIds(apiKey, `/v1/contacts?grade=${grade}`);
      const { body } = await getJson<{ data: { contact: { id: string; grade: string } }[] }>(
        apiKey,
        `/v1/leads?grade=${grade}&limit=200`,
      );
      // Every lead listed belongs to a contact of that grade, and says so.
      expect(body.data.every((lead) => lead.contact.grade === grade)).toBe(true);
      expect(body.data.every((lead) => contactIds.includes(lead.contact.id))).toBe(true);
      out[grade] = contactIds.sort();
    }
    return out;
  }
  const gradeOf = async (apiKey: string, id: string) =>
    (await getJson<{ grade: string }>(apiKey, `/v1/contacts/${id}`)).body.grade;
  /** Contacts whose stored rollup differs from a recount of their rows (should be none). */
  const rollupDrift = async () =>
    (
      await env.DB.prepare(
        `SELECT id FROM contacts WHERE
           last_download_at IS NOT (SELECT max(last_seen_at) FROM leads WHERE contact_id = contacts.id)
           OR lead_count <> (SELECT count(*) FROM leads WHERE contact_id = contacts.id)
           OR has_inquiry <> EXISTS (SELECT 1 FROM inquiries WHERE contact_id = contacts.id AND status <> 'spam')`,
      ).all()
    ).results;
  const contactOf = async (siteId: string, email: string) =>
    (await env.DB.prepare("SELECT id FROM contacts WHERE site_id = ? AND email = ?")
      .bind(siteId, email)
      .first<{ id: string }>())!.id;
  const MINUTE = 60_000;

  it("30 days, the third download, spam and back, a repeat of a spam inquiry, erasure, the purge", async () => {
    const { siteKey, siteId } = await makeSite();
    const { key: writer } = await addKey(siteId, "write");
    const now = Date.now();
    // 30-day edge: the last download a minute inside the window is warm, a minute outside cold.
    await seedLead(siteKey, { email: "inside@example.jp" }, now - 30 * DAY + MINUTE);
    await seedLead(siteKey, { email: "outside@example.jp" }, now - 30 * DAY - MINUTE);
    // Three downloads: two are warm, the third (a lead of another resource) makes it hot, even
    // when the first is old; three with the last outside the window are cold.
    await seedLead(siteKey, { email: "three@example.jp", resourceId: "a" }, now - 300 * DAY);
    await seedLead(siteKey, { email: "three@example.jp", resourceId: "b" }, now - 10 * DAY);
    await seedLead(siteKey, { email: "three-stale@example.jp", resourceId: "a" }, now - 90 * DAY);
    await seedLead(siteKey, { email: "three-stale@example.jp", resourceId: "b" }, now - 60 * DAY);
    await seedLead(siteKey, { email: "three-stale@example.jp", resourceId: "c" }, now - 30 * DAY - MINUTE);
    // An inquiry, later marked spam; a repeat of an inquiry already marked spam (the same one).
    const asked = await seedInquiry(siteKey, { email: "asked@example.jp", message: "見積をお願いします" });
    const spamBody = { email: "spammer@example.jp", message: "広告です", submissionId: crypto.randomUUID() };
    const spam = await seedInquiry(siteKey, spamBody, { status: "spam" });
    // Someone to erase (hot by inquiry) and someone the purge thins out (hot by 3 leads, 2 old).
    await seedInquiry(siteKey, { email: "erase-me@example.jp" });
    await seedLead(siteKey, { email: "purged@example.jp", resourceId: "a" }, now - 400 * DAY);
    await seedLead(siteKey, { email: "purged@example.jp", resourceId: "b" }, now - 400 * DAY);
    await seedLead(siteKey, { email: "purged@example.jp", resourceId: "c" }, now - DAY);
    const inside = await contactOf(siteId, "inside@example.jp");
    const outside = await contactOf(siteId, "outside@example.jp");
    const three = await contactOf(siteId, "three@example.jp");
    const stale = await contactOf(siteId, "three-stale@example.jp");
    const askedBy = await contactOf(siteId, "asked@example.jp");
    const spammer = await contactOf(siteId, "spammer@example.jp");
    const erased = await contactOf(siteId, "erase-me@example.jp");
    const purged = await contactOf(siteId, "purged@example.jp");
    expect(await grades(writer)).toEqual({
      hot: [askedBy, erased, purged].sort(),
      warm: [inside, three].sort(),
      cold: [outside, stale, spammer].sort(),
    });

    await seedLead(siteKey, { email: "three@example.jp", resourceId: "c" }); // the third download, now
    expect(await gradeOf(writer, three)).toBe("hot");
    // A repeat of the same download within 24 h is the same lead: not a fourth (lead_count stays).
    await seedLead(siteKey, { email: "inside@example.jp", resourceId: "x" });
    const again = await collect("lead", siteKey, leadBody({ email: "inside@example.jp", resourceId: "x" }));
    expect(again.status).toBe(201);
    expect(await gradeOf(writer, inside)).toBe("warm");

    const patch = (id: string, status: string) =>
      call(`/v1/inquiries/${id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${writer}`, "content-type": "application/json" },
        body: JSON.stringify({ status }),
      });
    expect((await patch(asked, "spam")).status).toBe(200);
    expect(await gradeOf(writer, askedBy)).toBe("cold");
    expect((await patch(asked, "new")).status).toBe(200);
    expect(await gradeOf(writer, askedBy)).toBe("hot");
    // The same inquiry again (within 24 h, a new submission) lands on the spam one: still not hot.
    const repeat = await collect("inquiry", siteKey, inquiryBody({ ...spamBody, submissionId: crypto.randomUUID() }));
    expect(((await repeat.json()) as { id: string }).id).toBe(spam);
    expect(await gradeOf(writer, spammer)).toBe("cold");

    const erase = await personalData("erase", writer, { email: "erase-me@example.jp" });
    expect(erase.status).toBe(200);
    const purge = await purgeSite(env.DB, siteId, now - 365 * DAY, now);
    expect(purge.leads).toBe(2); // the purged person's two old leads (the others are younger)
    expect(await gradeOf(writer, purged)).toBe("warm");

    expect(await grades(writer)).toEqual({
      hot: [askedBy, three].sort(),
      warm: [inside, purged].sort(),
      cold: [outside, stale, spammer].sort(),
    });
    expect(await rollupDrift()).toEqual([]);
  });
});
