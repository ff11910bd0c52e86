import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, collect, inquiryBody, makeSite } from "./helpers.ts";

interface Page {
  data: {
    id: string;
    kind: string;
    status: string;
    createdAt: string;
    contact: { email: string; name: string | null };
  }[];
  nextCursor: string | null;
}

const list = (apiKey: string | null, query = "") =>
  call(`/v1/inquiries${query}`, apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : undefined);

describe("GET /v1/inquiries", () => {
  it("lists the key's site's inquiries newest first with their contact", async () => {
    const { siteKey, apiKey } = await makeSite();
    const other = await makeSite();
    const ids: string[] = [];
    for (const [i, kind] of (["demo", "quote", "contact"] as const).entries()) {
      const res = await collect(
        "inquiry",
        siteKey,
        inquiryBody({ kind, message: `質問 ${i}`, email: `p${i}@example.jp` }),
      );
      ids.push(((await res.json()) as { id: string }).id);
      // Distinct timestamps, so "newest first" is observable.
      await env.DB.prepare("UPDATE inquiries SET created_at = created_at + ? WHERE id = ?")
        .bind(i * 1000, ids[i])
        .run();
    }
    await collect("inquiry", other.siteKey, inquiryBody()); // must not show up

    const res = await list(apiKey);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.data.map((i) => i.id)).toEqual([...ids].reverse());
    expect(page.data[0]).toMatchObject({
      kind: "contact",
      status: "new",
      message: "質問 2",
      contact: { email: "p2@example.jp", name: "山田 花子", company: "株式会社サンプル" },
      context: { pageUrl: expect.stringContaining("https://shop.example.jp/"), utm: { source: "newsletter" } },
    });
    expect(new Date(page.data[0]!.createdAt).toISOString()).toBe(page.data[0]!.createdAt);
    expect(page.nextCursor).toBeNull();
  });

  it("pages with a cursor without gaps or repeats", async () => {
    const { siteKey, apiKey } = await makeSite();
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await collect("inquiry", siteKey, inquiryBody({ message: `m${i}` }));
      created.add(((await res.json()) as { id: string }).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(apiKey, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const page = (await res.json()) as Page;
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(created);
  });

  it("401 without or with a wrong key, naming the header", async () => {
    for (const key of [null, "hk_wrong"]) {
      const res = await list(key);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe("unauthorized");
      expect(body.error.fields.authorization).toEqual(expect.any(String));
    }
  });

  it("401 for a revoked key", async () => {
    const { apiKey, siteId } = await makeSite();
    await env.DB.prepare("UPDATE api_keys SET revoked_at = 1 WHERE site_id = ?").bind(siteId).run();
    expect((await list(apiKey)).status).toBe(401);
  });

  it("400 for a bad limit or cursor, naming the parameter", async () => {
    const { apiKey } = await makeSite();
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=abc", "limit"],
      ["?cursor=%%%", "cursor"],
    ] as const) {
      const res = await list(apiKey, query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
      expect(body.error.code).toBe("invalid_query");
      expect(Object.keys(body.error.fields)).toEqual([field]);
    }
  });
});
