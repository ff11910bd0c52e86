import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { WALK_MAX } from "../../worker/db/plan.ts";
import { makeSite } from "./helpers.ts";
import { DAY, getJson, type ListPage } from "./team-fixtures.ts";

// A list filtered by grade walks the site's rows in list order and tests each one's grade. When
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

/** Every page of `path` (limit 2), following nextCursor to its end. */
async function pages(apiKey: string, path: string) {
  const all: { id: string }[][] = [];
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: ListPage } = await getJson<ListPage>(
      apiKey,
      `${path}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(status).toBe(200);
    all.push(body.data);
    cursor = body.nextCursor;
  } while (cursor && all.length < 100);
  expect(cursor).toBeNull();
  return all;
}

const expected = (siteId: string, prefix: string, order: "oldest" | "newest") => {
  const ids = Array.from({ length: COLD }, (_, k) => `${siteId}${prefix}${String(COUNT - COLD + k).padStart(5, "0")}`);
  return order === "oldest" ? ids : ids.reverse();
};

describe("a grade filter walks a bounded number of rows per request", () => {
  for (const [list, prefix] of [
    ["contacts", "c"],
    ["leads", "l"],
  ] as const) {
    it(`/v1/${list}?grade=cold: sparse matches at the far end come in order, once each, over pages that stop at the walk's bound`, async () => {
      const { siteId, apiKey } = await makeSite();
      await seedSparseCold(siteId);
      for (const sort of ["oldest", "newest"] as const) {
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
