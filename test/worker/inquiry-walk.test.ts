import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WALK_MAX } from "../../worker/db/plan.ts";
import { exportRows } from "./csv-helpers.ts";
import { makeSite } from "./helpers.ts";
import { DAY, everyPage, getJson, type ListPage } from "./team-fixtures.ts";

// An inquiry list filtered on what no index orders inquiries by (a kind, a campaign, an assignee,
// a resource downloaded before, several statuses) walks the site's inquiries in list order and
// tests each one: a request tests at most WALK_MAX of them and ends its page there, shorter than
// `limit` (empty when none matched), with a cursor that continues after the last one tested. A
// rare match then costs pages, never a scan of the whole site; every page must still be exactly
// right: all matching rows, in order, none twice. The page counts below are the bound's: without
// it, a list with no match is one empty page. A resource with at most NARROW_MAX leads is not
// walked (inquiry-resource.test.ts): here every contact also downloaded it, after asking.

const COUNT = 2 * WALK_MAX + 700;
/** Pages a walk of every inquiry takes: WALK_MAX inquiries each, the rest on the last. */
const WALK_PAGES = Math.ceil(COUNT / WALK_MAX);

/**
 * COUNT contacts with one inquiry each, written straight into D1: quote requests already
 * contacted, no campaign, no assignee, each followed by a download of the price list (a lead
 * after asking, which `resource` does not count). Times come in threes, so that the walk's edges
 * fall inside ties of time too (the list order is time, then id).
 */
async function seedInquiries(siteId: string) {
  const base = Date.now() - 400 * DAY;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
     INSERT INTO contacts (id, site_id, email, created_at, updated_at, has_inquiry)
     SELECT ?1 || printf('c%05d', i), ?1, printf('p%05d@walk.example', i), ?3 + (i / 3) * 1000, ?3, 1 FROM n`,
  )
    .bind(siteId, COUNT, base)
    .run();
  await env.DB.prepare(
    `INSERT INTO inquiries (id, site_id, contact_id, kind, status, window_open, page_url, created_at)
     SELECT ?1 || 'i' || substr(id, length(?1) + 2), site_id, id, 'quote', 'contacted', 0, 'https://walk.example/', created_at
     FROM contacts WHERE site_id = ?1`,
  )
    .bind(siteId)
    .run();
  await env.DB.prepare(
    `INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, first_seen_at, last_seen_at, window_open)
     SELECT id || 'a', site_id, contact_id, 'price-list', page_url, created_at + 1, created_at + 1, 0
     FROM inquiries WHERE site_id = ?1`,
  )
    .bind(siteId)
    .run();
}

/** The id of the seeded inquiry numbered `i` (0 the oldest). */
const inquiryId = (siteId: string, i: number) => `${siteId}i${String(i).padStart(5, "0")}`;

/** Makes the seeded inquiries numbered `numbers` match every rare filter below. */
async function markRare(siteId: string, numbers: number[]) {
  const ids = JSON.stringify(numbers.map((i) => inquiryId(siteId, i)));
  await env.DB.prepare(
    `UPDATE inquiries SET kind = 'demo', status = 'new', utm_source = 'mail', utm_campaign = 'spring', assignee = 'sato@walk.example'
     WHERE site_id = ?1 AND id IN (SELECT value FROM json_each(?2))`,
  )
    .bind(siteId, ids)
    .run();
  // Their contacts downloaded the resource just before asking.
  await env.DB.prepare(
    `INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, first_seen_at, last_seen_at, window_open)
     SELECT id || 'l', site_id, contact_id, 'price-list', page_url, created_at - 1, created_at - 1, 0
     FROM inquiries WHERE site_id = ?1 AND id IN (SELECT value FROM json_each(?2))`,
  )
    .bind(siteId, ids)
    .run();
}

const RARE = [
  "kind=demo",
  "utm_source=mail",
  "utm_campaign=spring",
  "assignee=sato%40walk.example",
  "resource=price-list",
  "status=new,won",
];
const SORTS = ["newest", "oldest"] as const;

/** Every page of `path` (limit 2), as the ids of its rows. */
const pages = async (apiKey: string, path: string) =>
  (await everyPage(apiKey, path)).map((page) => page.map((row) => row.id));

const inOrder = (ids: string[], sort: "newest" | "oldest") => (sort === "oldest" ? ids : [...ids].reverse());

describe("an inquiry list with a rare filter walks a bounded number of inquiries per request", () => {
  it("none matching: one empty page per WALK_MAX inquiries walked, each with a cursor but the last", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedInquiries(siteId);
    for (const filter of RARE)
      for (const sort of SORTS)
        expect(await pages(apiKey, `/v1/inquiries?${filter}&sort=${sort}`), `${filter} ${sort}`).toEqual(
          Array(WALK_PAGES).fill([]),
        );
    // Unfiltered, and with one status (an index range, not a test), nothing is walked: full pages.
    const { body } = await getJson<ListPage>(apiKey, "/v1/inquiries?status=contacted&limit=3");
    expect(body.data).toHaveLength(3);
  });

  it("one match at the far end comes on the last page, after the empty pages that stop at the bound", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedInquiries(siteId);
    await markRare(siteId, [0]);
    for (const filter of RARE) {
      const got = await pages(apiKey, `/v1/inquiries?${filter}&sort=newest`);
      expect(got, filter).toEqual([...Array(WALK_PAGES - 1).fill([]), [inquiryId(siteId, 0)]]);
      // Oldest first it is the first row walked: the page fills no further within the bound, and the
      // rest of the walk follows.
      expect((await pages(apiKey, `/v1/inquiries?${filter}&sort=oldest`)).flat(), filter).toEqual([
        inquiryId(siteId, 0),
      ]);
    }
  });

  it("matches across the bounds page in order, once each, in both sorts", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedInquiries(siteId);
    const numbers = [0, 1, 2, WALK_MAX - 1, WALK_MAX, WALK_MAX + 1, 2 * WALK_MAX, COUNT - 1];
    await markRare(siteId, numbers);
    const expected = numbers.map((i) => inquiryId(siteId, i));
    for (const filter of RARE)
      for (const sort of SORTS) {
        const got = await pages(apiKey, `/v1/inquiries?${filter}&sort=${sort}`);
        expect(got.flat(), `${filter} ${sort}`).toEqual(inOrder(expected, sort));
        expect(Math.max(...got.map((page) => page.length))).toBe(2);
      }
  });

  it("the walk's bound counts only the inquiries within one status and from/to", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedInquiries(siteId);
    await markRare(siteId, [0, 1, 2]);
    const oldest = [0, 1, 2].map((i) => inquiryId(siteId, i));
    // Three new inquiries, all demos: one walk of the three, two full pages.
    expect(await pages(apiKey, "/v1/inquiries?status=new&kind=quote&sort=newest")).toEqual([[]]);
    expect(await pages(apiKey, "/v1/inquiries?status=new&kind=demo&sort=newest")).toEqual([
      oldest.slice(1).reverse(),
      [oldest[0]],
    ]);
    // Before the 4th oldest inquiry's time (times come in threes): the walk starts at `to`.
    const { created_at: to } = (await env.DB.prepare("SELECT created_at FROM inquiries WHERE id = ?")
      .bind(inquiryId(siteId, 3))
      .first<{ created_at: number }>())!;
    const before = new Date(to).toISOString();
    expect(await pages(apiKey, `/v1/inquiries?utm_source=mail&to=${before}&sort=newest`)).toEqual([
      oldest.slice(1).reverse(),
      [oldest[0]],
    ]);
  });

  it("the CSV export follows the walk's short pages to the end of the list", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedInquiries(siteId);
    const numbers = [0, WALK_MAX, COUNT - 1];
    await markRare(siteId, numbers);
    const expected = numbers.map((i) => inquiryId(siteId, i));
    for (const filter of RARE)
      for (const sort of SORTS) {
        const rows = await exportRows(apiKey, `/v1/export/inquiries.csv?${filter}&sort=${sort}`);
        expect(
          rows.map((row) => row.id),
          `${filter} ${sort}`,
        ).toEqual(inOrder(expected, sort));
      }
  });
});
