import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, leadBody, makeSite } from "./helpers.ts";
import { allIds, DAY, getJson, seedInquiry, seedLead } from "./team-fixtures.ts";

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
