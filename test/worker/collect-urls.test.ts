import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { collect, context, leadBody, makeSite, rows } from "./helpers.ts";

const stored = async (siteKey: string, ctx: Record<string, unknown>) => {
  const res = await collect(
    "lead",
    siteKey,
    leadBody({ resourceId: crypto.randomUUID(), context: { ...context, ...ctx } }),
  );
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const [lead] = await rows<{ page_url: string; referrer: string | null }>(
    "SELECT page_url, referrer FROM leads WHERE id = ?",
    id,
  );
  return lead;
};

describe("collect: page URL and referrer", () => {
  it("refuses a pageUrl that is not http(s), naming the field", async () => {
    const { siteKey } = await makeSite();
    for (const pageUrl of ["javascript:alert(1)", "data:text/html,x", "ftp://a.example/"]) {
      const res = await collect("lead", siteKey, leadBody({ context: { ...context, pageUrl } }));
      expect(res.status, pageUrl).toBe(400);
      const { error } = (await res.json()) as { error: { fields: Record<string, string> } };
      expect(error.fields["context.pageUrl"]).toBe("must be an absolute http(s) URL");
    }
  });

  it("drops a referrer that is not http(s) (the visitor cannot change it)", async () => {
    const { siteKey } = await makeSite();
    expect((await stored(siteKey, { referrer: "android-app://com.google.android.gm/" }))?.referrer).toBeNull();
    expect((await stored(siteKey, { referrer: "javascript:alert(1)" }))?.referrer).toBeNull();
  });

  it("keeps origin, path, UTM and click ids by default; drops other parameters, the fragment and user info", async () => {
    const { siteKey } = await makeSite();
    const lead = await stored(siteKey, {
      pageUrl: "https://user:pw@shop.example.jp/lp?email=taro%40example.jp&utm_source=ad&gclid=G1&token=s3cret#form",
      referrer: "https://search.example/?q=taro%40example.jp&fbclid=F1&yclid=Y1",
    });
    expect(lead).toEqual({
      page_url: "https://shop.example.jp/lp?utm_source=ad&gclid=G1",
      referrer: "https://search.example/?fbclid=F1&yclid=Y1",
    });
  });

  it("keeps full URLs (but never user info) for a site that opted in", async () => {
    const { siteKey, siteId } = await makeSite();
    await env.DB.prepare("UPDATE sites SET full_urls = 1 WHERE id = ?").bind(siteId).run();
    const lead = await stored(siteKey, { pageUrl: "https://u:p@shop.example.jp/lp?ref=abc#top" });
    expect(lead?.page_url).toBe("https://shop.example.jp/lp?ref=abc#top");
  });
});
