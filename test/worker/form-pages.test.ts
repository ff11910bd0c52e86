// Form analytics' pages (docs/analytics.md, "Which page"): the collector keys every beacon's page
// the same way, keeps at most FORM_PAGES_PER_DAY pages per site, form and day (the rest in one
// "other pages" row, so totals stay right), and GET /v1/forms/stats answers the remainder past the
// listed pages as a `page: null` row per form. Against the real D1.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  FORM_FORMS_PER_DAY,
  FORM_PAGES_PER_DAY,
  FORM_STATS_MAX_ROWS,
  type FormStatsResponse,
} from "../../shared/form-analytics.ts";
import type { StatsResponse } from "../../shared/stats.ts";
import { OTHER_PAGES, pageOfSql } from "../../worker/db/form-stats.ts";
import { formPageKey } from "../../worker/lib/form-page.ts";
import { beacon } from "./form-beacon.ts";
import { call, collect, context, inquiryBody, makeSite, ORIGIN, rows } from "./helpers.ts";

const get = async <T>(apiKey: string, path: string) => {
  const res = await call(path, { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

const page = (k: number) => `${ORIGIN}/p/${k}`;

/** One beacon per page k in [from, to): a view and an abandoned e-mail field, all in flight at once. */
const viewPages = (siteKey: string, from: number, to: number) =>
  Promise.all(
    Array.from({ length: to - from }, (_, i) =>
      beacon(siteKey, { page: page(from + i), forms: [{ form: "inquiry:demo", views: 1, abandons: { email: 1 } }] }),
    ),
  ).then((answers) => expect(answers.map((r) => r.status)).toEqual(Array(to - from).fill(204)));

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("form analytics: which page a beacon counts for", () => {
  it("drops the query string, the fragment and trailing slashes (not the root's), and meets the stored submissions there", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    for (const url of [`${ORIGIN}/pricing/`, `${ORIGIN}/pricing?utm_source=ad#form`, `${ORIGIN}/pricing`]) {
      expect(
        (await beacon(siteKey, { page: url, forms: [{ form: "inquiry:demo", views: 1, starts: 1 }] })).status,
      ).toBe(204);
    }
    await beacon(siteKey, { page: `${ORIGIN}`, forms: [{ form: "inquiry:demo", views: 1 }] });
    await beacon(siteKey, { page: `${ORIGIN}//`, forms: [{ form: "inquiry:demo", views: 1 }] });
    expect(await rows("SELECT page, views FROM form_stats WHERE site_id = ? ORDER BY page", siteId)).toEqual([
      { page: `${ORIGIN}/`, views: 2 },
      { page: `${ORIGIN}/pricing`, views: 3 },
    ]);
    // Stored with the URL policy's UTM query and a trailing slash: counted for /pricing.
    const pageUrl = `${ORIGIN}/pricing/?utm_source=ad`;
    expect((await collect("inquiry", siteKey, inquiryBody({ context: { ...context, pageUrl } }))).status).toBe(201);
    const { forms } = await get<FormStatsResponse>(apiKey, "/v1/forms/stats");
    expect(forms.map((f) => [f.page, f.views, f.submissions])).toEqual([
      [`${ORIGIN}/pricing`, 3, 1],
      [`${ORIGIN}/`, 2, 0],
    ]);
  });

  it("the SQL that keys stored page URLs agrees with the beacons' key", async () => {
    const urls = [
      "https://a.example.jp/",
      "https://a.example.jp//",
      "https://a.example.jp/pricing",
      "https://a.example.jp/pricing/",
      "https://a.example.jp/docs//guide///?x=1#y",
      "https://a.example.jp/?utm_source=ad",
      "https://a.example.jp/#top?not-a-query",
      "http://localhost:8080/p/1/#a/b/",
      "https://a.example.jp/料金/プラン/?q=円",
      "https://a.example.jp/a.b/c%2F/",
    ].map((u) => new URL(u).href);
    const stmt = env.DB.prepare(`SELECT ${pageOfSql("?1")} AS page`);
    const keyed = await env.DB.batch<{ page: string }>(urls.map((u) => stmt.bind(u)));
    expect(keyed.map((r) => r.results[0]?.page)).toEqual(urls.map((u) => formPageKey(new URL(u))));
  });
});

describe("form analytics: at most FORM_PAGES_PER_DAY pages per form and day", () => {
  it("250 pages in flight at once: 200 kept, the rest in one other-pages row, fields with their pages, totals equal", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    await viewPages(siteKey, 0, 250);
    const kept = await rows<{ page: string; views: number }>(
      "SELECT page, views FROM form_stats WHERE site_id = ? AND page <> ?",
      siteId,
      OTHER_PAGES,
    );
    expect(kept).toHaveLength(FORM_PAGES_PER_DAY);
    expect(kept.every((r) => r.views === 1)).toBe(true);
    expect(await rows("SELECT views FROM form_stats WHERE site_id = ? AND page = ?", siteId, OTHER_PAGES)).toEqual([
      { views: 250 - FORM_PAGES_PER_DAY },
    ]);
    // Every page's field row is where its views are.
    expect(
      await rows(
        `SELECT count(*) AS n, sum(abandons) AS abandons FROM form_field_stats x WHERE site_id = ?1
           AND EXISTS (SELECT 1 FROM form_stats f WHERE f.site_id = ?1 AND f.day = x.day AND f.form = x.form AND f.page = x.page)`,
        siteId,
      ),
    ).toEqual([{ n: FORM_PAGES_PER_DAY + 1, abandons: 250 }]);
    const stats = await get<StatsResponse>(apiKey, "/v1/stats");
    expect(stats.forms.views).toBe(250);
  });

  it("pages past the cap in a later flush go to the other pages; a kept page still counts on its own row", async () => {
    const { siteKey, siteId, apiKey } = await makeSite();
    await viewPages(siteKey, 0, 150);
    await viewPages(siteKey, 150, 250);
    await viewPages(siteKey, 0, 1);
    const [counts] = await rows<{ pages: number; views: number }>(
      "SELECT count(*) AS pages, sum(views) AS views FROM form_stats WHERE site_id = ? AND page <> ?",
      siteId,
      OTHER_PAGES,
    );
    expect(counts).toEqual({ pages: FORM_PAGES_PER_DAY, views: FORM_PAGES_PER_DAY + 1 });
    expect(await rows("SELECT views FROM form_stats WHERE site_id = ? AND page = ?", siteId, page(0))).toEqual([
      { views: 2 },
    ]);
    expect(await rows("SELECT views FROM form_stats WHERE site_id = ? AND page = ?", siteId, page(249))).toEqual([]);
    expect(
      await rows(
        "SELECT views, abandons FROM form_stats JOIN form_field_stats USING (site_id, day, form, page) WHERE site_id = ? AND page = ?",
        siteId,
        OTHER_PAGES,
      ),
    ).toEqual([{ views: 50, abandons: 50 }]);

    // The stats answer: the 100 most viewed pages, then the form's remainder (every other page's
    // counts and a submission stored on a page not listed), adding up to the form's totals.
    expect((await collect("inquiry", siteKey, inquiryBody())).status).toBe(201);
    const { forms } = await get<FormStatsResponse>(apiKey, "/v1/forms/stats");
    expect(forms).toHaveLength(FORM_STATS_MAX_ROWS + 1);
    expect(forms[0]).toMatchObject({ page: page(0), views: 2 });
    const other = forms.at(-1)!;
    expect(other).toMatchObject({ form: "inquiry:demo", page: null, submissions: 1, abandonFields: [] });
    expect(other.views).toBe(251 - sum(forms.slice(0, -1).map((f) => f.views)));
    expect(sum(forms.map((f) => f.views))).toBe(251);
    expect(sum(forms.map((f) => f.submissions))).toBe(1);
    // Per bucket too: today holds all of it.
    expect(sum(forms.map((f) => f.buckets.at(-1)!.views))).toBe(251);
    expect(other.buckets.at(-1)).toMatchObject({ views: other.views, submissions: 1 });
    expect(other.viewToStart).toBe(0);
  });
});

describe("form analytics: at most FORM_FORMS_PER_DAY forms per site and day", () => {
  const leadForms = (siteKey: string, from: number, to: number) =>
    Promise.all(
      Array.from({ length: to - from }, (_, i) =>
        beacon(siteKey, {
          page: page(0),
          forms: [{ form: `lead:paper-${from + i}`, views: 1, abandons: { email: 1 } }],
        }),
      ),
    ).then((answers) => expect(answers.map((r) => r.status)).toEqual(Array(to - from).fill(204)));
  const formsKept = (siteId: string) =>
    rows<{ form: string; views: number }>("SELECT form, views FROM form_stats WHERE site_id = ? ORDER BY form", siteId);

  it("forms made up past the cap, at once and in a later flush, are not kept; a kept form still counts", async () => {
    const { siteKey, siteId } = await makeSite();
    await leadForms(siteKey, 0, FORM_FORMS_PER_DAY - 10);
    await leadForms(siteKey, FORM_FORMS_PER_DAY - 10, FORM_FORMS_PER_DAY + 20);
    await leadForms(siteKey, 0, 1);
    const kept = await formsKept(siteId);
    expect(kept).toHaveLength(FORM_FORMS_PER_DAY);
    expect(kept.find((r) => r.form === "lead:paper-0")?.views).toBe(2);
    // The forms past the cap left no counters, and no field counters either.
    const last = `lead:paper-${FORM_FORMS_PER_DAY + 19}`;
    expect(kept.some((r) => r.form === last)).toBe(false);
    expect(await rows("SELECT count(DISTINCT form) AS forms FROM form_field_stats WHERE site_id = ?", siteId)).toEqual([
      { forms: FORM_FORMS_PER_DAY },
    ]);
    // Another site's day is its own.
    const other = await makeSite();
    await leadForms(other.siteKey, 0, 3);
    expect(await formsKept(other.siteId)).toHaveLength(3);
  });
});
