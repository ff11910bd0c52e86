import { describe, expect, it } from "vitest";
import { call, makeSite } from "./helpers.ts";
import { SAMPLE_SENDER } from "./mail-helpers.ts";
import { api } from "./notify-helpers.ts";
import { addKey } from "./team-fixtures.ts";

const guide = { title: "在庫最適化ガイド", fileUrl: "https://files.example.jp/guide.pdf" };

describe("resources API", () => {
  it("registers a resource with defaults, replaces it, lists it for readers, and removes it", async () => {
    const { apiKey, siteId } = await makeSite({ scope: "write" });
    expect((await api(apiKey, "PATCH", "/v1/autoreply/sender", SAMPLE_SENDER)).status).toBe(200);
    const created = await api(apiKey, "PUT", "/v1/resources/guide-2026", guide);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resourceId: "guide-2026",
      ...guide,
      delivery: "page",
      linkDays: 7,
      linkUses: 5,
    });

    const replaced = await api(apiKey, "PUT", "/v1/resources/guide-2026", { ...guide, delivery: "mail", linkUses: 3 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      delivery: "mail",
      linkDays: 7,
      linkUses: 3,
      createdAt: created.body.createdAt,
    });

    const { apiKey: otherKey } = await makeSite({ scope: "write" });
    expect((await api(otherKey, "GET", "/v1/resources")).body.data).toEqual([]);
    const { key: reader } = await addKey(siteId, "read");
    const listed = await api(reader, "GET", "/v1/resources");
    expect(listed.body.data).toEqual([replaced.body]);
    expect((await api(reader, "DELETE", "/v1/resources/guide-2026")).status).toBe(403);

    expect((await api(otherKey, "DELETE", "/v1/resources/guide-2026")).status).toBe(404);
    const removed = await call("/v1/resources/guide-2026", {
      method: "DELETE",
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(removed.status).toBe(204);
    const gone = await api(apiKey, "DELETE", "/v1/resources/guide-2026");
    expect(gone.status).toBe(404);
    expect(gone.body.error.fields).toEqual({ resourceId: "no resource with this id on this site" });
  });

  it("refuses bad settings, naming each field and its reason", async () => {
    const { apiKey } = await makeSite({ scope: "write" });
    const res = await api(apiKey, "PUT", "/v1/resources/guide", {
      title: "",
      fileUrl: "javascript:alert(1)",
      delivery: "fax",
      linkDays: 0,
      linkUses: 1.5,
      colour: "red",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({
      title: "is required",
      fileUrl: "must be an absolute http(s) URL without credentials",
      delivery: "must be one of page, mail",
      linkDays: "must be at least 1",
      linkUses: "must be an integer",
      colour: "is not recognised (check its spelling)",
    });
    const long = await api(apiKey, "PUT", `/v1/resources/${"x".repeat(101)}`, guide);
    expect(long.status).toBe(400);
    expect(Object.keys(long.body.error.fields)).toEqual(["resourceId"]);
  });
});
