import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { updateSite } from "../../worker/db/sites.ts";
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

  it("keeps full URLs for a site opted in through updateSite (what the CLI's --full-urls on calls)", async () => {
    const { siteKey, siteId } = await makeSite();
    await updateSite(env.DB, siteId, { fullUrls: true });
    expect((await stored(siteKey, { pageUrl: "https://shop.example.jp/lp?ref=abc" }))?.page_url).toBe(
      "https://shop.example.jp/lp?ref=abc",
    );
  });
});

/** Posts a lead with `extra` merged into the body; returns the answer and the stored rows. */
async function storedWith(siteKey: string, extra: Record<string, unknown>) {
  const body = leadBody({ resourceId: crypto.randomUUID(), ...extra });
  const res = await collect("lead", siteKey, body);
  if (res.status !== 201) return { status: res.status, body: (await res.json()) as ErrorBody };
  const { id } = (await res.json()) as { id: string };
  const [lead] = await rows<{ first_touch: string | null; last_touch: string | null }>(
    "SELECT first_touch, last_touch FROM leads WHERE id = ?",
    id,
  );
  const [submission] = await rows<{ consent_privacy_url: string | null; consent_version: string | null }>(
    "SELECT consent_privacy_url, consent_version FROM submissions WHERE record_id = ?",
    id,
  );
  return {
    status: 201,
    first: lead?.first_touch ? JSON.parse(lead.first_touch) : null,
    last: lead?.last_touch ? JSON.parse(lead.last_touch) : null,
    consent: submission,
  };
}
type ErrorBody = { error: { fields: Record<string, string> } };

const touch = (landingUrl: string, referrer?: string) => ({
  landingUrl,
  ...(referrer ? { referrer } : {}),
  utm: { source: "ad" },
  at: 1_764_000_000_000,
});

describe("collect: consent and attribution URLs follow the same policy", () => {
  it("strips consent.privacyUrl and the attribution's landing pages and referrers by default", async () => {
    const { siteKey } = await makeSite();
    const got = await storedWith(siteKey, {
      consent: { version: "ja-abc", privacyUrl: "https://u:p@example.jp/privacy?email=taro%40example.jp#v2" },
      context: {
        ...context,
        attribution: {
          first: touch(
            "https://example.jp/lp?token=s3cret&utm_campaign=winter#x",
            "https://t.example/?q=taro&fbclid=F1",
          ),
          last: touch("https://example.jp/pricing?session=1&gclid=G1", "android-app://com.google.android.gm/"),
        },
      },
    });
    expect(got.status).toBe(201);
    expect(got.consent).toEqual({ consent_privacy_url: "https://example.jp/privacy", consent_version: "ja-abc" });
    expect(got.first).toEqual({
      landingUrl: "https://example.jp/lp?utm_campaign=winter",
      referrer: "https://t.example/?fbclid=F1",
      utm: { source: "ad" },
      at: 1_764_000_000_000,
    });
    // A referrer that is not http(s) is dropped, the touch kept.
    expect(got.last).toEqual({
      landingUrl: "https://example.jp/pricing?gclid=G1",
      utm: { source: "ad" },
      at: 1_764_000_000_000,
    });
  });

  it("keeps them whole (but never user info) for a site that opted in to full URLs", async () => {
    const { siteKey, siteId } = await makeSite();
    await env.DB.prepare("UPDATE sites SET full_urls = 1 WHERE id = ?").bind(siteId).run();
    const got = await storedWith(siteKey, {
      consent: { version: "ja-abc", privacyUrl: "https://u:p@example.jp/privacy?v=2#ja" },
      context: {
        ...context,
        attribution: { first: touch("https://example.jp/lp?ref=x#top", "https://t.example/?q=1") },
      },
    });
    expect(got.consent?.consent_privacy_url).toBe("https://example.jp/privacy?v=2#ja");
    expect(got.first).toMatchObject({
      landingUrl: "https://example.jp/lp?ref=x#top",
      referrer: "https://t.example/?q=1",
    });
  });

  it("refuses a privacy URL or a landing page that is not http(s), naming the field, and stores nothing", async () => {
    const { siteKey, siteId } = await makeSite();
    const cases: [Record<string, unknown>, string][] = [
      [{ consent: { version: "v1", privacyUrl: "javascript:alert(1)" } }, "consent.privacyUrl"],
      [{ consent: { version: "v1", privacyUrl: "ftp://example.jp/privacy" } }, "consent.privacyUrl"],
      [
        { context: { ...context, attribution: { first: touch("javascript:alert(1)") } } },
        "context.attribution.first.landingUrl",
      ],
      [
        { context: { ...context, attribution: { last: touch("data:text/html,x") } } },
        "context.attribution.last.landingUrl",
      ],
      [
        { context: { ...context, attribution: { first: touch("ftp://example.jp/lp") } } },
        "context.attribution.first.landingUrl",
      ],
    ];
    for (const [extra, field] of cases) {
      const got = await storedWith(siteKey, extra);
      expect(got.status, field).toBe(400);
      expect(Object.keys((got as { body: ErrorBody }).body.error.fields), field).toContain(field);
    }
    expect(await rows("SELECT id FROM leads WHERE site_id = ?", siteId)).toEqual([]);
  });
});
