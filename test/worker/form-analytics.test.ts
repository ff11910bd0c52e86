// Form analytics (docs/analytics.md): POST /v1/form-events (the widget's beacon) and
// GET /v1/forms/stats, against the real D1. Beacons are counted in memory and written by a flush
// in the request's waitUntil; `beacon()` waits for it, so its counts are in D1 when it returns.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FormStatsResponse } from "../../shared/form-analytics.ts";
import { FORM_EVENT_MAX } from "../../shared/form-analytics.ts";
import type { StatsResponse } from "../../shared/stats.ts";
import { updateSite } from "../../worker/db/sites.ts";
import { COLLECT_RATE_LIMIT } from "../../worker/request/rate-limit.ts";
import { countingD1 } from "./d1-wrappers.ts";
import { beacon } from "./form-beacon.ts";
import { call, collect, context, inquiryBody, leadBody, makeSite, ORIGIN, rows } from "./helpers.ts";

const PAGE = "https://shop.example.jp/products/a";

type ErrorBody = { error: { code: string; fields: Record<string, string> } };

async function formStats(apiKey: string, query = "") {
  const res = await call(`/v1/forms/stats${query}`, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as FormStatsResponse;
}

const demo = (counts: Record<string, unknown>) => ({ page: PAGE, forms: [{ form: "inquiry:demo", ...counts }] });

describe("POST /v1/form-events: counting", () => {
  it("many beacons of an isolate become one D1 write batch per flush, of UPSERT increments", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    await beacon(siteKey, demo({ views: 1 })); // the site is now in this isolate's cache
    const { db, counts } = countingD1(env.DB);
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        beacon(siteKey, demo({ views: 1, starts: i % 2, errors: { email: 1 } }), { db, flushMs: "500" }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual(Array(50).fill(204));
    // Two counters (the form's and its email field's), one batch for all 50 beacons.
    expect(counts.batches).toBe(1);
    expect(counts.prepared).toBe(2);
    expect(await rows("SELECT views, starts, submits FROM form_stats WHERE site_id = ?", siteId)).toEqual([
      { views: 51, starts: 25, submits: 0 },
    ]);
    const [entry] = (await formStats(apiKey)).forms;
    expect(entry).toMatchObject({
      form: "inquiry:demo",
      kind: "inquiry",
      subject: "demo",
      page: PAGE,
      views: 51,
      starts: 25,
      viewToStart: 0.49,
      errorFields: [{ field: "email", count: 50 }],
    });
  });

  it("counts per form and page (origin + path), with field errors and abandons, and joins stored submissions", async () => {
    const { siteKey, apiKey } = await makeSite();
    const body = {
      page: `${PAGE}?email=taro@example.jp#top`,
      forms: [
        { form: "inquiry:demo", views: 2, starts: 2, submits: 2, errors: { email: 1 }, abandons: { company: 1 } },
        { form: "lead:whitepaper-2026", views: 1 },
      ],
    };
    expect((await beacon(siteKey, body)).status).toBe(204);
    expect(
      (await beacon(siteKey, { page: "https://shop.example.jp/", forms: [{ form: "inquiry:demo", views: 3 }] })).status,
    ).toBe(204);
    // context.pageUrl is PAGE with a UTM query: stored as the URL policy keeps it, matched by origin + path.
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);

    const { forms } = await formStats(apiKey);
    expect(forms.map((f) => [f.form, f.page, f.views])).toEqual([
      ["inquiry:demo", "https://shop.example.jp/", 3],
      ["inquiry:demo", PAGE, 2],
      ["lead:whitepaper-2026", PAGE, 1],
    ]);
    const onPage = forms[1]!;
    expect(onPage).toMatchObject({
      starts: 2,
      submits: 2,
      submissions: 1,
      viewToStart: 1,
      startToSubmission: 0.5,
      abandonFields: [{ field: "company", count: 1 }],
      errorFields: [{ field: "email", count: 1 }],
    });
    expect(context.pageUrl.startsWith(PAGE)).toBe(true);
    // The same per bucket: today (the site's zone) holds everything.
    expect(onPage.buckets.at(-1)).toMatchObject({ views: 2, starts: 2, submits: 2, submissions: 1 });
    expect(onPage.buckets.slice(0, -1).every((b) => b.views === 0 && b.submissions === 0)).toBe(true);

    // Weeks: the same totals in one bucket per Monday week.
    const weekly = await formStats(apiKey, "?interval=week");
    expect(weekly.forms.find((f) => f.page === PAGE && f.form === "inquiry:demo")?.buckets.at(-1)).toMatchObject({
      views: 2,
      submissions: 1,
    });
  });

  it("GET /v1/stats shows the range's form views next to leads and inquiries, and the conversion", async () => {
    const { siteKey, apiKey } = await makeSite();
    await beacon(siteKey, { page: PAGE, forms: [{ form: "lead:whitepaper-2026", views: 4, starts: 2, submits: 1 }] });
    expect((await collect("lead", siteKey, leadBody())).status).toBe(201);
    const res = await call("/v1/stats", { headers: { authorization: `Bearer ${apiKey}` } });
    const stats = (await res.json()) as StatsResponse;
    expect(stats.forms).toEqual({ views: 4, starts: 2, submits: 1, submissions: 1, rate: 0.25 });
    expect(stats.buckets.at(-1)?.views).toBe(4);
    expect(stats.buckets.slice(0, -1).every((b) => b.views === 0)).toBe(true);
  });

  it("a site with form analytics off: 204, nothing counted, and the widget is told", async () => {
    const { siteKey, siteId } = await makeSite();
    await updateSite(env.DB, siteId, { formAnalytics: false });
    // The site is cached per isolate: a fresh read.
    const config = await call(`/v1/widget-config?site=${siteKey}`, { headers: { origin: ORIGIN } });
    expect(((await config.json()) as { formAnalytics: boolean }).formAnalytics).toBe(false);
    expect((await beacon(siteKey, demo({ views: 1 }))).status).toBe(204);
    expect(await rows("SELECT * FROM form_stats WHERE site_id = ?", siteId)).toEqual([]);
  });
});

describe("POST /v1/form-events: refusals", () => {
  it("a forged beacon claiming a million views is refused whole, naming the counter", async () => {
    const { siteKey, siteId } = await makeSite();
    const res = await beacon(siteKey, { page: PAGE, forms: [{ form: "inquiry:demo", views: 1_000_000, starts: 1 }] });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe("invalid_body");
    expect(Object.keys(error.fields)).toEqual(["forms.0.views"]);
    expect(error.fields["forms.0.views"]).toContain(String(FORM_EVENT_MAX));
    expect(await rows("SELECT * FROM form_stats WHERE site_id = ?", siteId)).toEqual([]);
  });

  it("bounds: forms per beacon, form keys, field names, field counts, the page's origin, type and size", async () => {
    const { siteKey } = await makeSite();
    const refused = async (body: unknown, field: string, headers: Record<string, string> = {}, status = 400) => {
      const res = await beacon(siteKey, body, { headers });
      expect(res.status).toBe(status);
      const { error } = (await res.json()) as ErrorBody;
      expect(Object.keys(error.fields)).toContain(field);
    };
    await refused({ page: PAGE, forms: Array(11).fill({ form: "inquiry:demo", views: 1 }) }, "forms");
    await refused({ page: PAGE, forms: [] }, "forms");
    await refused(demo({ views: -1 }), "forms.0.views");
    await refused(demo({ views: 1.5 }), "forms.0.views");
    await refused({ page: PAGE, forms: [{ form: "inquiry:spam", views: 1 }] }, "forms.0.form");
    await refused({ page: PAGE, forms: [{ form: "lead:", views: 1 }] }, "forms.0.form");
    await refused(demo({ errors: { "<b>": 1 } }), "forms.0.errors.<b>");
    await refused(demo({ abandons: { email: FORM_EVENT_MAX + 1 } }), "forms.0.abandons.email");
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 1]));
    await refused(demo({ errors: many }), "forms.0.errors");
    await refused({ page: "javascript:alert(1)", forms: [{ form: "inquiry:demo", views: 1 }] }, "page");
    await refused({ page: "https://evil.example/p", forms: [{ form: "inquiry:demo", views: 1 }] }, "page");
    // Without Origin (a script, not a browser), a page of another origin is refused too.
    const scripted = await call(`/v1/form-events?site=${siteKey}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ page: "https://evil.example/p", forms: [{ form: "inquiry:demo", views: 1 }] }),
    });
    expect(scripted.status).toBe(400);
    expect(((await scripted.json()) as ErrorBody).error.fields).toEqual({
      page: "must be a page of one of the site's origins, not https://evil.example",
    });
    await refused("{", "body");
    await refused(
      JSON.stringify(demo({ views: 1 })),
      "content-type",
      { "content-type": "application/x-www-form-urlencoded" },
      415,
    );
    await refused(JSON.stringify({ ...demo({ views: 1 }), pad: "x".repeat(5000) }), "body", {}, 413);
    // Site key and origin as collect: 404 and 403 with CORS.
    const foreign = await beacon(siteKey, demo({ views: 1 }), { headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBe("https://evil.example");
    expect((await beacon("site_unknown0000000000", demo({ views: 1 }))).status).toBe(404);
  });

  it("refused beacons are counted like refused submissions", async () => {
    const { siteKey, siteId } = await makeSite();
    await beacon(siteKey, demo({ views: 1 }), { headers: { origin: "https://evil.example" } });
    // The refusal counter shares the flush interval; poll briefly for its row.
    const deadline = Date.now() + 5000;
    let counted: unknown[] = [];
    while (!counted.length && Date.now() < deadline) {
      counted = await rows("SELECT code, count FROM refusals WHERE site_id = ?", siteId);
      if (!counted.length) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(counted).toEqual([{ code: "origin_not_allowed", count: 1 }]);
  });
});

describe("form analytics: tenant isolation and the collect path", () => {
  it("a site's stats never show another site's counters or submissions", async () => {
    const a = await makeSite();
    const b = await makeSite();
    await beacon(a.siteKey, demo({ views: 2 }));
    await beacon(b.siteKey, demo({ views: 7, abandons: { email: 1 } }));
    expect((await collect("inquiry", b.siteKey, inquiryBody())).status).toBe(201);
    const seenByA = await formStats(a.apiKey);
    expect(seenByA.forms).toHaveLength(1);
    expect(seenByA.forms[0]).toMatchObject({ views: 2, submissions: 0, abandonFields: [] });
    expect((await formStats(b.apiKey)).forms[0]).toMatchObject({ views: 7, submissions: 1 });
  });

  it("collect answers and stores as before when the analytics endpoint fails or is refused", async () => {
    const { siteKey, siteId } = await makeSite();
    // D1 failing every write of the analytics flush: the beacon is still answered, the counts are lost.
    const failing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") return () => Promise.reject(new Error("D1_ERROR: injected"));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    expect((await beacon(siteKey, demo({ views: 1 }), { db: failing })).status).toBe(204);
    expect(await rows("SELECT * FROM form_stats WHERE site_id = ?", siteId)).toEqual([]);

    // A visitor whose beacons hit their rate limit still has every submission of theirs.
    const ip = { "cf-connecting-ip": "198.51.100.77" };
    let limited = 0;
    for (let i = 0; i <= 2 * COLLECT_RATE_LIMIT && !limited; i++) {
      if ((await beacon(siteKey, demo({ views: 1 }), { headers: ip })).status === 429) limited++;
    }
    expect(limited).toBe(1);
    const res = await collect("lead", siteKey, leadBody(), ip);
    expect(res.status).toBe(201);
    expect(await rows("SELECT resource_id FROM leads WHERE site_id = ?", siteId)).toEqual([
      { resource_id: "whitepaper-2026" },
    ]);
  });
});
