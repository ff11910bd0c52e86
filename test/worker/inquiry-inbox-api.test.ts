import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { InquiryCountsSchema } from "../../shared/api-team.ts";
import { call, makeSite } from "./helpers.ts";
import { allIds, type ErrorBody, getJson, seedInquiry } from "./team-fixtures.ts";

// What the dashboard's inbox asks beyond the list: "assigned to me" and the status chips' counts.

describe("GET /v1/inquiries?assignee=", () => {
  it("lists only the inquiries of that exact assignee", async () => {
    const { siteKey, apiKey } = await makeSite();
    const mine = await seedInquiry(siteKey, {}, { at: 1 });
    const theirs = await seedInquiry(siteKey, {}, { at: 2 });
    await seedInquiry(siteKey, {}, { at: 3 }); // unassigned
    for (const [id, who] of [
      [mine, "sato@acme.example"],
      [theirs, "tanaka@acme.example"],
    ] as const)
      await env.DB.prepare("UPDATE inquiries SET assignee = ? WHERE id = ?").bind(who, id).run();
    expect(await allIds(apiKey, "/v1/inquiries?assignee=sato%40acme.example")).toEqual([mine]);
    expect(await allIds(apiKey, "/v1/inquiries?assignee=sato%40acme.example&status=contacted")).toEqual([]);
  });

  it("an empty assignee is a 400 naming it", async () => {
    const { apiKey } = await makeSite();
    const { status, body } = await getJson<ErrorBody>(apiKey, "/v1/inquiries?assignee=");
    expect(status).toBe(400);
    expect(body.error.fields).toHaveProperty("assignee");
  });
});

describe("GET /v1/inquiries/counts", () => {
  it("counts the site's inquiries per status, every status listed, other sites not counted", async () => {
    const { siteKey, apiKey } = await makeSite();
    const other = await makeSite();
    await seedInquiry(siteKey);
    await seedInquiry(siteKey);
    await seedInquiry(siteKey, {}, { status: "contacted" });
    await seedInquiry(other.siteKey, {}, { status: "won" });
    const { status, body } = await getJson<unknown>(apiKey, "/v1/inquiries/counts");
    expect(status).toBe(200);
    expect(InquiryCountsSchema.parse(body)).toEqual({
      byStatus: { new: 2, contacted: 1, qualified: 0, won: 0, lost: 0, spam: 0 },
    });
  });

  it("needs a key like every team route", async () => {
    const res = await call("/v1/inquiries/counts");
    expect(res.status).toBe(401);
  });
});
