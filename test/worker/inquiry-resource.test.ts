import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Cursor } from "../../shared/cursor.ts";
import type { InquiryFilters } from "../../shared/team-queries.ts";
import { listInquiries } from "../../worker/db/inquiry-list.ts";
import { orm } from "../../worker/db/orm.ts";
import { NARROW_MAX, type Plan, WALK_MAX } from "../../worker/db/plan.ts";
import { makeSite } from "./helpers.ts";
import { DAY, everyPage } from "./team-fixtures.ts";

// `resource` on an inquiry list: the inquiries whose contact downloaded the resource no later than
// asking. When the site has at most NARROW_MAX leads of it, the list starts from those leads'
// contacts and their inquiries (db/filters.ts inquiryPlanCount) instead of walking the site's
// inquiries WALK_MAX at a time (inquiry-walk.test.ts): a resource nobody or few downloaded
// answers at once, in one page, and every answer is the walk's, row for row.

/** More inquiries than one walk tests, so that a walk of them takes two requests. */
const COUNT = WALK_MAX + 500;

/**
 * COUNT contacts with one inquiry each (quote requests, already contacted), written straight into
 * D1, times in threes (ties of time), plus `leadsOnly` contacts without an inquiry.
 */
async function seed(siteId: string, leadsOnly = 0) {
  const base = Date.now() - 400 * DAY;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
     INSERT INTO contacts (id, site_id, email, created_at, updated_at, has_inquiry)
     SELECT ?1 || printf('c%05d', i), ?1, printf('p%05d@resource.example', i), ?3 + (i / 3) * 1000, ?3, i < ?4 FROM n`,
  )
    .bind(siteId, COUNT + leadsOnly, base, COUNT)
    .run();
  await env.DB.prepare(
    `INSERT INTO inquiries (id, site_id, contact_id, kind, status, window_open, page_url, created_at)
     SELECT ?1 || 'i' || substr(id, length(?1) + 2), site_id, id, 'quote', 'contacted', 0, 'https://resource.example/', created_at
     FROM contacts WHERE site_id = ?1 AND has_inquiry = 1`,
  )
    .bind(siteId)
    .run();
}

const contactId = (siteId: string, i: number) => `${siteId}c${String(i).padStart(5, "0")}`;
const inquiryId = (siteId: string, i: number) => `${siteId}i${String(i).padStart(5, "0")}`;

/**
 * Leads of `resource` by the contacts numbered `numbers`, each `offset` ms from the time of the
 * contact's inquiry (or of its creation, for a contact without one): negative is before asking.
 */
async function download(siteId: string, resource: string, numbers: number[], offset: number, tag = "") {
  await env.DB.prepare(
    `INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, first_seen_at, last_seen_at, window_open)
     SELECT c.id || ?3 || ?5, c.site_id, c.id, ?3, 'https://resource.example/', coalesce(i.created_at, c.created_at) + ?4,
            coalesce(i.created_at, c.created_at) + ?4, 0
     FROM contacts c LEFT JOIN inquiries i ON i.contact_id = c.id
     WHERE c.site_id = ?1 AND c.id IN (SELECT value FROM json_each(?2))`,
  )
    .bind(siteId, JSON.stringify(numbers.map((i) => contactId(siteId, i))), resource, offset, tag)
    .run();
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const SORTS = ["newest", "oldest"] as const;

/** Every page of the API's answer (limit 2), as the ids of its rows. */
const pages = async (apiKey: string, query: string) =>
  (await everyPage(apiKey, `/v1/inquiries?${query}`)).map((page) => page.map((row) => row.id));

/** Every row `plan` reads for `filters`, following its pages (limit 50), as ids. */
async function read(siteId: string, filters: InquiryFilters, plan: Plan) {
  const ids: string[] = [];
  let cursor: Cursor | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await listInquiries(orm(env.DB), siteId, filters, 50, cursor, plan);
    ids.push(...page.rows.map((row) => row.id));
    if (!page.next) return ids;
    cursor = { ...page.next, sort: filters.sort };
  }
  throw new Error("more than 100 pages");
}

describe("an inquiry list filtered on a resource with few leads starts from them", () => {
  it("a resource nobody downloaded: one empty page, without walking the site's inquiries", async () => {
    const { siteId, apiKey } = await makeSite();
    await seed(siteId);
    // Another resource, downloaded before asking by everyone: nothing of it counts.
    await download(siteId, "case-study", range(0, COUNT), -1);
    for (const sort of SORTS) expect(await pages(apiKey, `resource=price-list&sort=${sort}`), sort).toEqual([[]]);
    // A walk of these inquiries (a kind none has) tests WALK_MAX of them per request: two empty pages.
    expect(await pages(apiKey, "kind=demo")).toEqual([[], []]);
  });

  it("a resource with many leads, none before asking: one empty page, and the walk agrees", async () => {
    const { siteId, apiKey } = await makeSite();
    const leadsOnly = 600;
    await seed(siteId, leadsOnly);
    // 1,300 contacts downloaded it after asking, twice for some; 600 downloaded it without asking.
    await download(siteId, "price-list", range(0, 1300), 1);
    await download(siteId, "price-list", range(0, 100), DAY, "-again");
    await download(siteId, "price-list", range(COUNT, COUNT + leadsOnly), 0);
    const leads = await env.DB.prepare("SELECT count(*) AS n FROM leads WHERE site_id = ?")
      .bind(siteId)
      .first<{ n: number }>();
    expect(leads?.n).toBe(2000);
    expect(leads!.n).toBeLessThanOrEqual(NARROW_MAX);
    for (const sort of SORTS) {
      expect(await pages(apiKey, `resource=price-list&sort=${sort}`), sort).toEqual([[]]);
      expect(await read(siteId, { sort, resource: "price-list" }, "walk"), sort).toEqual([]);
    }
  });

  it("the matches page in order, once each, as the walk reads them, with other filters too", async () => {
    const { siteId, apiKey } = await makeSite();
    const other = await makeSite();
    await seed(siteId);
    await seed(other.siteId);
    // Before asking at the oldest, the newest and across the walk's bound; one at the same
    // millisecond (no later than the inquiry counts), some twice (one row each all the same).
    const before = [0, 1, 2, 5, WALK_MAX - 1, WALK_MAX, WALK_MAX + 1, COUNT - 1];
    await download(siteId, "price-list", before, -DAY);
    await download(siteId, "price-list", [0, WALK_MAX], -1, "-again");
    await download(siteId, "price-list", [7], 0);
    // After asking, and many downloads of another resource: none of them counts.
    await download(siteId, "price-list", range(100, 900), 1);
    await download(siteId, "case-study", range(0, COUNT), -1);
    // Another site's contacts downloaded it before asking: never this site's answer.
    await download(other.siteId, "price-list", range(0, 50), -1);
    await env.DB.prepare("UPDATE inquiries SET kind = 'demo', status = 'new' WHERE id IN (?, ?)")
      .bind(inquiryId(siteId, 5), inquiryId(siteId, WALK_MAX))
      .run();
    const matching = [...before, 7].sort((a, b) => a - b).map((i) => inquiryId(siteId, i));
    for (const sort of SORTS) {
      const expected = sort === "oldest" ? matching : [...matching].reverse();
      const got = await pages(apiKey, `resource=price-list&sort=${sort}`);
      expect(got.flat(), sort).toEqual(expected);
      // Full pages of 2 but the last: the list did not walk.
      expect(got.slice(0, -1).every((page) => page.length === 2)).toBe(true);
      expect(await read(siteId, { sort, resource: "price-list" }, "walk"), sort).toEqual(expected);
      expect(await read(siteId, { sort, resource: "price-list" }, "narrow"), sort).toEqual(expected);
      const demos = [inquiryId(siteId, 5), inquiryId(siteId, WALK_MAX)];
      const filters: InquiryFilters = { sort, resource: "price-list", kind: ["demo"], status: ["new"] };
      const walked = await read(siteId, filters, "walk");
      expect(walked, sort).toEqual(sort === "oldest" ? demos : [...demos].reverse());
      expect(await read(siteId, filters, "narrow"), sort).toEqual(walked);
      expect((await pages(apiKey, `resource=price-list&kind=demo&status=new&sort=${sort}`)).flat()).toEqual(walked);
    }
    expect((await pages(other.apiKey, "resource=price-list")).flat()).toHaveLength(50);
  });
});
