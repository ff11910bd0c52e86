// A lead answered on the page (not by mail) carries the registry's file URL: an inline lead form
// has no link of its own on the page, and without it the visitor who asked for the file got none.
import { describe, expect, it } from "vitest";
import { call, collect, leadBody, makeSite, rows } from "./helpers.ts";
import { api } from "./notify-helpers.ts";

const PRICE = { title: "価格表", fileUrl: "https://files.example.jp/price.pdf" };

/** A lead of `resourceId`: its status and answer. */
async function ask(siteKey: string, resourceId: string, email = `v${crypto.randomUUID()}@example.jp`) {
  const res = await collect("lead", siteKey, leadBody({ resourceId, email }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the lead answer carries the registered file URL", () => {
  it("a registered page resource: fileUrl, on the first lead and on its repeat within 24 h", async () => {
    const { apiKey, siteKey } = await makeSite({ scope: "write" });
    expect((await api(apiKey, "PUT", "/v1/resources/price", PRICE)).status).toBe(201);
    const first = await ask(siteKey, "price", "repeat@example.jp");
    expect(first).toEqual({
      status: 201,
      body: { id: expect.any(String), duplicate: false, fileUrl: PRICE.fileUrl },
    });
    expect(await ask(siteKey, "price", "repeat@example.jp")).toEqual({
      status: 201,
      body: { id: first.body.id, duplicate: false, fileUrl: PRICE.fileUrl },
    });
  });

  it("an unregistered resource, or an id that names an object's own key: no fileUrl", async () => {
    const { apiKey, siteKey } = await makeSite({ scope: "write" });
    await api(apiKey, "PUT", "/v1/resources/price", PRICE);
    for (const id of ["other", "constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const { status, body } = await ask(siteKey, id);
      expect(status, id).toBe(201);
      expect(body, id).toEqual({ id: expect.any(String), duplicate: false });
    }
  });

  it("a change in the registry applies to the next lead; a removed resource gives no URL", async () => {
    const { apiKey, siteKey } = await makeSite({ scope: "write" });
    expect((await ask(siteKey, "price")).body).not.toHaveProperty("fileUrl");
    await api(apiKey, "PUT", "/v1/resources/price", PRICE);
    expect((await ask(siteKey, "price")).body.fileUrl).toBe(PRICE.fileUrl);
    const moved = "https://files.example.jp/price-2027.pdf";
    await api(apiKey, "PUT", "/v1/resources/price", { ...PRICE, fileUrl: moved });
    expect((await ask(siteKey, "price")).body.fileUrl).toBe(moved);
    const removed = await call("/v1/resources/price", {
      method: "DELETE",
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(removed.status).toBe(204);
    expect((await ask(siteKey, "price")).body).not.toHaveProperty("fileUrl");
  });

  it("another site's resource of the same id gives this site's lead nothing", async () => {
    const a = await makeSite({ scope: "write" });
    const b = await makeSite({ scope: "write" });
    await api(a.apiKey, "PUT", "/v1/resources/price", PRICE);
    expect((await ask(b.siteKey, "price")).body).toEqual({ id: expect.any(String), duplicate: false });
    expect((await ask(a.siteKey, "price")).body.fileUrl).toBe(PRICE.fileUrl);
  });

  it("a lead caught by the bot trap (a person's autofilled honeypot) is answered like one on the page: the file, nothing stored", async () => {
    const { apiKey, siteKey, siteId } = await makeSite({ scope: "write" });
    await api(apiKey, "PUT", "/v1/resources/price", PRICE);
    const trapped = await collect("lead", siteKey, leadBody({ resourceId: "price", hp: "autofilled" }));
    expect(trapped.status).toBe(201);
    expect(await trapped.json()).toEqual({ id: expect.any(String), duplicate: false, fileUrl: PRICE.fileUrl });
    const unregistered = await collect("lead", siteKey, leadBody({ resourceId: "other", hp: "autofilled" }));
    expect(await unregistered.json()).toEqual({ id: expect.any(String), duplicate: false });
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toEqual([]);
  });
});
