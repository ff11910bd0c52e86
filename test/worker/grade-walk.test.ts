import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WALK_MAX } from "../../worker/db/plan.ts";
import { makeSite } from "./helpers.ts";
import { DAY, getJson, type ListPage, everyPage as pages } from "./team-fixtures.ts";

// A list filtered by grade or `verified` walks the site's rows in list order and tests each one's grade. When
// the grade is rare where the walk starts (here: cold contacts only at the newest end, walked
// oldest first), a request tests at most WALK_MAX rows and ends its page there, shorter than
// `limit`, with a cursor that continues after the last row tested. Every page must still be
// exactly right: all matching rows, in order, none twice.

const COUNT = 2 * WALK_MAX + 700;
const COLD = 7;

/**
 * COUNT contacts (with one lead each) written straight into D1: all warm (a download 2 days ago)
 * but the newest COLD ones. Times come in threes, so that the walk's edges fall inside ties of
 * time too (the list order is time, then id).
 */
async function seedSparseCold(siteId: string) {
  const now = Date.now();
  const base = now - 400 * DAY;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?2)
     INSERT INTO contacts (id, site_id, email, created_at, updated_at, first_lead_at, last_download_at, lead_count)
     SELECT ?1 || printf('c%05d', i), ?1, printf('p%05d@walk.example', i), ?3 + (i / 3) * 1000, ?3, ?3 + (i / 3) * 1000,
            CASE WHEN i < ?2 - ?4 THEN ?5 ELSE NULL END, 1 FROM n`,
  )
    .bind(siteId, COUNT, base, COLD, now - 2 * DAY)
    .run();
  await env.DB.prepare(
    `INSERT INTO leads (id, site_id, contact_id, resource_id, page_url, first_seen_at, last_seen_at, window_open)
     SELECT ?1 || 'l' || substr(id, length(?1) + 2), site_id, id, 'r', 'https://walk.example/', created_at, created_at, 0
     FROM contacts WHERE site_id = ?1`,
  )
    .bind(siteId)
    .run();
}

/** The ids of the seeded rows numbered `numbers` (ascending), in `order`. */
const idsOf = (siteId: string, prefix: string, numbers: number[], order: "oldest" | "newest") => {
  const ids = numbers.map((i) => `${siteId}${prefix}${String(i).padStart(5, "0")}`);
  return order === "oldest" ? ids : ids.reverse();
};
const newest = (n: number) => Array.from({ length: n }, (_, k) => COUNT - n + k);
const expected = (siteId: string, prefix: string, order: "oldest" | "newest") =>
  idsOf(siteId, prefix, newest(COLD), order);

/** Marks the address of the seeded contacts numbered `numbers` verified (a mailed link opened). */
async function verify(siteId: string, numbers: number[]) {
  await env.DB.prepare(
    "UPDATE contacts SET email_verified_at = created_at WHERE site_id = ?1 AND id IN (SELECT value FROM json_each(?2))",
  )
    .bind(siteId, JSON.stringify(numbers.map((i) => `${siteId}c${String(i).padStart(5, "0")}`)))
    .run();
}

const LISTS = [
  ["contacts", "c"],
  ["leads", "l"],
] as const;
const SORTS = ["oldest", "newest"] as const;

describe("a grade filter walks a bounded number of rows per request", () => {
  for (const [list, prefix] of LISTS) {
    it(`/v1/${list}?grade=cold: sparse matches at the far end come in order, once each, over pages that stop at the walk's bound`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      for (const sort of SORTS) {
        const got = await pages(apiKey, `/v1/${list}?grade=cold&sort=${sort}`);
        expect(got.flat().map((row) => row.id)).toEqual(expected(siteId, prefix, sort));
        if (sort === "oldest") {
          // The walk met WALK_MAX warm rows before the first cold one, twice: two pages ended
          // empty at the bound (not at the end of the list), then the cold ones filled pages of 2.
          expect(got.slice(0, 2).map((page) => page.length)).toEqual([0, 0]);
          expect(got.length).toBe(Math.floor((COUNT - COLD) / WALK_MAX) + Math.ceil(COLD / 2));
        }
      }
    });
  }
});

// Few verified contacts (at most NARROW_MAX, a range of the partial index contacts_site_verified)
// are a set the list starts from instead of walking: no page ends early at the walk's bound, so
// the pages are exactly ceil(matches / limit), the empty list one page. More of them, or
// `verified=false`, are walked like a grade.
describe("verified=true starts from the site's verified contacts when they are few", () => {
  for (const [list, prefix] of LISTS) {
    it(`/v1/${list}: none verified is one empty page, whatever the sort or a dense grade beside it`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      for (const sort of SORTS)
        for (const grade of ["", "&grade=warm", "&grade=cold"])
          expect(await pages(apiKey, `/v1/${list}?verified=true${grade}&sort=${sort}`)).toEqual([[]]);
    });

    it(`/v1/${list}: one verified at the far end of the list comes on the first page`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      await verify(siteId, [0]);
      for (const sort of SORTS) {
        const only = [idsOf(siteId, prefix, [0], sort)];
        expect((await pages(apiKey, `/v1/${list}?verified=true&sort=${sort}`)).map(ids)).toEqual(only);
        // warm and verified: started from the one verified contact, not from the 6,700 warm ones.
        expect((await pages(apiKey, `/v1/${list}?verified=true&grade=warm&sort=${sort}`)).map(ids)).toEqual(only);
        expect(await pages(apiKey, `/v1/${list}?verified=true&grade=cold&sort=${sort}`)).toEqual([[]]);
      }
    });

    it(`/v1/${list}: a few verified across the list page in order, once each`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      const numbers = [0, 1, WALK_MAX, WALK_MAX + 1, 2 * WALK_MAX, COUNT - 1];
      await verify(siteId, numbers);
      for (const sort of SORTS) {
        const got = await pages(apiKey, `/v1/${list}?verified=true&sort=${sort}`);
        expect(got.map(ids)).toEqual(chunks(idsOf(siteId, prefix, numbers, sort), 2));
      }
    });

    it(`/v1/${list}: many verified, and verified=false, are walked: the rare ones at the far end over pages that stop at the bound`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      await verify(
        siteId,
        Array.from({ length: COUNT - COLD }, (_, i) => i),
      );
      for (const sort of SORTS) {
        const unverified = await pages(apiKey, `/v1/${list}?verified=false&sort=${sort}`);
        expect(unverified.flat().map((row) => row.id)).toEqual(expected(siteId, prefix, sort));
        if (sort === "oldest") expect(unverified.slice(0, 2).map((page) => page.length)).toEqual([0, 0]);
      }
      // Walked too (over NARROW_MAX of them): newest first, past the unverified newest ones.
      const { body } = await getJson<ListPage>(apiKey, `/v1/${list}?verified=true&limit=3`);
      expect(ids(body.data)).toEqual(idsOf(siteId, prefix, newest(COLD + 3).slice(0, 3), "newest"));
    });
  }
});

const ids = (page: { id: string }[]) => page.map((row) => row.id);
const chunks = <T>(list: T[], n: number) =>
  Array.from({ length: Math.ceil(list.length / n) }, (_, k) => list.slice(k * n, k * n + n));

// A lead's campaign (utm_source, utm_campaign) has no index either: a rare one is walked with the
// same bound, which counts only the rows within the filters an index serves (resource, from/to).
describe("a lead list filtered by campaign walks a bounded number of rows per request", () => {
  it("/v1/leads?utm_source: the one match at the far end after pages that stop at the bound; a time range bounds the walk within it", async () => {
    const { siteId, apiKey } = await makeSite();
    await seedSparseCold(siteId);
    await env.DB.prepare("UPDATE leads SET utm_source = 'mail', utm_campaign = 'spring' WHERE id = ?")
      .bind(`${siteId}l00000`)
      .run();
    const oldest = [`${siteId}l00000`];
    for (const filter of ["utm_source=mail", "utm_campaign=spring"]) {
      const got = await pages(apiKey, `/v1/leads?${filter}&sort=newest`);
      expect(got.map(ids)).toEqual([...Array(Math.floor(COUNT / WALK_MAX)).fill([]), oldest]);
    }
    // Before the 4th oldest lead's time (rows come in threes): the walk starts at `to`, not at the newest.
    const { created_at: to } = (await env.DB.prepare("SELECT created_at FROM contacts WHERE id = ?")
      .bind(`${siteId}c00003`)
      .first<{ created_at: number }>())!;
    const before = new Date(to).toISOString();
    expect((await pages(apiKey, `/v1/leads?utm_source=mail&to=${before}&sort=newest`)).map(ids)).toEqual([oldest]);
  });
});
