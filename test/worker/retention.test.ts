import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PURGE_CHUNK_ROWS, purgeSite, retentionCutoff } from "../../worker/db/retention.ts";
import { updateSite } from "../../worker/db/sites.ts";
import worker from "../../worker/index.ts";
import { purgeExpiredData, RETENTION_CRON } from "../../worker/scheduled.ts";
import wranglerToml from "../../wrangler.toml?raw";
import { makeSite } from "./helpers.ts";
import { seedPerson } from "./person-fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();
/** An instant `months` calendar months before NOW, minus a day (clearly past that cutoff). */
const monthsAgo = (months: number) => retentionCutoff(NOW, months) - DAY;

/** Runs the Worker's `scheduled` handler as the cron trigger would. */
const runCron = (cron = RETENTION_CRON) =>
  worker.scheduled(createScheduledController({ cron, scheduledTime: NOW }), env, createExecutionContext());

/** Moves every row of a person (by e-mail) on a site back to `at`: contact, leads, inquiries, submissions. */
async function age(siteId: string, email: string, at: number, only?: "leads" | "inquiries") {
  const contact = `(SELECT id FROM contacts WHERE site_id = ?1 AND email = ?2)`;
  const statements = [
    `UPDATE leads SET first_seen_at = ?3, last_seen_at = ?3 WHERE contact_id = ${contact}`,
    `UPDATE inquiries SET created_at = ?3, updated_at = NULL WHERE contact_id = ${contact}`,
    `UPDATE submissions SET created_at = ?3 WHERE site_id = ?1 AND record_id IN
       (SELECT id FROM leads WHERE contact_id = ${contact} UNION SELECT id FROM inquiries WHERE contact_id = ${contact})`,
    `UPDATE contacts SET created_at = ?3, updated_at = ?3 WHERE id = ${contact}`,
  ].filter((sql) => !only || sql.includes(`UPDATE ${only}`));
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql).bind(siteId, email, at)));
}

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>())!.n;
const contactsOf = (siteId: string, email: string) =>
  count("SELECT count(*) AS n FROM contacts WHERE site_id = ? AND email = ?", siteId, email);

describe("retention purge (cron trigger → scheduled handler)", () => {
  it("is wired: wrangler.toml has the cron the dispatcher knows", () => {
    expect(wranglerToml).toMatch(/\[triggers\]\s*\ncrons = \[[^\]]*"17 \* \* \* \*"/);
    expect(RETENTION_CRON).toBe("17 * * * *");
  });

  it("purges what is older than the site's retention, keeps what is younger or still worked on", async () => {
    const { siteKey, siteId, keyId } = await makeSite();
    const gone = await seedPerson(siteKey, siteId, keyId); // all activity 25 months ago
    const mixed = await seedPerson(siteKey, siteId, keyId); // old leads, recent inquiries
    const worked = await seedPerson(siteKey, siteId, keyId); // old, but followed up last month
    const recent = await seedPerson(siteKey, siteId, keyId); // 23 months: inside 24
    await age(siteId, gone.email, monthsAgo(25));
    await age(siteId, mixed.email, monthsAgo(25), "leads");
    await age(siteId, worked.email, monthsAgo(30));
    await env.DB.prepare(
      "UPDATE inquiries SET updated_at = ? WHERE contact_id = (SELECT id FROM contacts WHERE site_id = ? AND email = ?)",
    )
      .bind(monthsAgo(1), siteId, worked.email)
      .run();
    await age(siteId, recent.email, retentionCutoff(NOW, 24) + DAY);

    await runCron();

    expect(await contactsOf(siteId, gone.email)).toBe(0);
    for (const id of [...gone.ids.leads, ...gone.ids.inquiries]) {
      expect(await count("SELECT count(*) AS n FROM leads WHERE id = ?1 OR contact_id = ?1", id)).toBe(0);
      expect(await count("SELECT count(*) AS n FROM inquiries WHERE id = ?", id)).toBe(0);
      expect(await count("SELECT count(*) AS n FROM inquiry_history WHERE inquiry_id = ?", id)).toBe(0);
      expect(await count("SELECT count(*) AS n FROM submissions WHERE record_id = ?", id)).toBe(0);
    }
    // Mixed: the old downloads went, the person and their recent inquiries stay.
    expect(await contactsOf(siteId, mixed.email)).toBe(1);
    for (const id of mixed.ids.leads) expect(await count("SELECT count(*) AS n FROM leads WHERE id = ?", id)).toBe(0);
    for (const id of mixed.ids.inquiries) {
      expect(await count("SELECT count(*) AS n FROM inquiries WHERE id = ?", id)).toBe(1);
    }
    // Followed up within the retention: the whole person stays (their old leads do not).
    expect(await contactsOf(siteId, worked.email)).toBe(1);
    for (const id of worked.ids.inquiries) {
      expect(await count("SELECT count(*) AS n FROM inquiries WHERE id = ?", id)).toBe(1);
    }
    expect(await contactsOf(siteId, recent.email)).toBe(1);
    expect(await count("SELECT count(*) AS n FROM submissions WHERE site_id = ?", siteId)).toBe(
      recent.ids.submissions.length + 2, // recent's 5, and mixed's 2 inquiries
    );

    // Recorded without personal data: reason, time, counts.
    const erasures = await env.DB.prepare("SELECT * FROM erasures WHERE site_id = ?").bind(siteId).all();
    expect(erasures.results).toEqual([
      expect.objectContaining({
        reason: "retention",
        api_key_id: null,
        erased_at: NOW,
        contacts: 1,
        leads: 2 + 2 + 2, // gone's, mixed's and worked's two leads each
        inquiries: 2,
        submissions: 5 + 3 + 5,
        history: 1,
      }),
    ]);

    // Idempotent: a second run finds nothing more, and records nothing.
    await runCron();
    expect(await count("SELECT count(*) AS n FROM erasures WHERE site_id = ?", siteId)).toBe(1);
  });

  it("follows each site's own retention", async () => {
    const short = await makeSite();
    const standard = await makeSite();
    await updateSite(env.DB, short.siteId, { retentionMonths: 6 });
    const a = await seedPerson(short.siteKey, short.siteId, short.keyId);
    const b = await seedPerson(standard.siteKey, standard.siteId, standard.keyId);
    await age(short.siteId, a.email, monthsAgo(7));
    await age(standard.siteId, b.email, monthsAgo(7));
    await runCron();
    expect(await contactsOf(short.siteId, a.email)).toBe(0);
    expect(await contactsOf(standard.siteId, b.email)).toBe(1);
  });

  it("refuses a retention outside 1–120 months (database check)", async () => {
    const { siteId } = await makeSite();
    const refused = await updateSite(env.DB, siteId, { retentionMonths: 0 }).catch((err: Error) => String(err.cause));
    expect(refused).toMatch(/CHECK constraint failed/);
    await updateSite(env.DB, siteId, { retentionMonths: 120 });
    expect(await count("SELECT retention_months AS n FROM sites WHERE id = ?", siteId)).toBe(120);
  });

  it("an unknown cron expression fails loudly", async () => {
    await expect(runCron("0 0 * * *")).rejects.toThrow('no scheduled job for cron "0 0 * * *"');
  });
});

/** Rows left that point at something gone: what a cut-off chunk must never leave behind. */
const orphans = (siteId: string) =>
  count(
    `SELECT (SELECT count(*) FROM inquiry_history h WHERE h.site_id = ?1
               AND NOT EXISTS (SELECT 1 FROM inquiries i WHERE i.id = h.inquiry_id))
          + (SELECT count(*) FROM submissions s WHERE s.site_id = ?1 AND NOT EXISTS
               (SELECT 1 FROM leads l WHERE l.id = s.record_id UNION ALL SELECT 1 FROM inquiries i WHERE i.id = s.record_id))
          + (SELECT count(*) FROM leads l WHERE l.site_id = ?1 AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = l.contact_id))
          + (SELECT count(*) FROM inquiries i WHERE i.site_id = ?1 AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = i.contact_id))
       AS n`,
    siteId,
  );

/** Rows of a site per table, to compare with what the erasure record says went. */
async function siteRows(siteId: string) {
  const of = (table: string) => count(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`, siteId);
  return {
    contacts: await of("contacts"),
    leads: await of("leads"),
    inquiries: await of("inquiries"),
    submissions: await of("submissions"),
    history: await of("inquiry_history"),
  };
}

const erasureTotals = async (siteId: string) =>
  (await env.DB.prepare(
    `SELECT count(*) AS records, sum(contacts) AS contacts, sum(leads) AS leads, sum(inquiries) AS inquiries,
            sum(submissions) AS submissions, sum(history) AS history FROM erasures WHERE site_id = ? AND reason = 'retention'`,
  )
    .bind(siteId)
    .first<Record<string, number>>())!;

describe("retention purge in bounded chunks", () => {
  /** A site with `people` people whose whole activity is 25 months old. */
  async function oldSite(people: number) {
    const site = await makeSite();
    for (let i = 0; i < people; i++) {
      const person = await seedPerson(site.siteKey, site.siteId, site.keyId);
      await age(site.siteId, person.email, monthsAgo(25));
    }
    return site;
  }
  const cutoff = retentionCutoff(NOW, 24);

  it("small chunks purge the same rows as one big one, over several transactions, with one record", async () => {
    const { siteId } = await oldSite(3); // 3 × (1 contact, 2 leads, 2 inquiries, 5 submissions, 1 history)
    const budget = { chunks: 100, chunkRows: 2 };
    const purged = await purgeSite(env.DB, siteId, cutoff, NOW, budget);
    expect(purged).toEqual({ contacts: 3, leads: 6, inquiries: 6, submissions: 15, history: 3, done: true });
    // 15 submissions at 2 a chunk: at least 8 chunks (transactions) were needed.
    expect(100 - budget.chunks).toBeGreaterThanOrEqual(8);
    expect(await siteRows(siteId)).toEqual({ contacts: 0, leads: 0, inquiries: 0, submissions: 0, history: 0 });
    expect(await erasureTotals(siteId)).toEqual({
      records: 1,
      contacts: 3,
      leads: 6,
      inquiries: 6,
      submissions: 15,
      history: 3,
    });
  });

  it("a run whose budget runs out leaves no orphans and a record that matches; the next run finishes", async () => {
    const { siteId } = await oldSite(2);
    const before = await siteRows(siteId);
    const first = await purgeSite(env.DB, siteId, cutoff, NOW, { chunks: 3, chunkRows: 1 });
    expect(first.done).toBe(false);
    expect(await orphans(siteId)).toBe(0);
    const middle = await siteRows(siteId);
    // Children go first: some submissions and history went, no contact yet.
    expect(middle.contacts).toBe(2);
    expect(middle.submissions).toBeLessThan(before.submissions);
    // The record says exactly what went.
    const { records, ...recorded } = await erasureTotals(siteId);
    expect(records).toBe(1);
    for (const k of Object.keys(before) as (keyof typeof before)[]) {
      expect(recorded[k], k).toBe(before[k] - middle[k]);
      expect(first[k], k).toBe(before[k] - middle[k]);
    }

    const second = await purgeSite(env.DB, siteId, cutoff, NOW, { chunks: 100, chunkRows: 1 });
    expect(second.done).toBe(true);
    expect(await siteRows(siteId)).toEqual({ contacts: 0, leads: 0, inquiries: 0, submissions: 0, history: 0 });
    expect(await erasureTotals(siteId)).toEqual({ records: 2, ...before });
  });

  it("the cron purges a site with more expired rows than one chunk (2,500 downloads of one person)", async () => {
    const { siteId } = await makeSite();
    const contactId = crypto.randomUUID();
    const old = monthsAgo(25);
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO contacts (id, site_id, email, created_at, updated_at) VALUES (?, ?, 'bulk@example.jp', ?, ?)",
      ).bind(contactId, siteId, old, old),
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
         INSERT INTO leads (id, site_id, contact_id, resource_id, window_open, page_url, first_seen_at, last_seen_at)
         SELECT lower(hex(randomblob(16))), ?1, ?2, 'r' || i, 0, 'https://example.jp/', ?3, ?3 FROM n`,
      ).bind(siteId, contactId, old),
    ]);
    await runCron();
    expect(await count("SELECT count(*) AS n FROM leads WHERE site_id = ?", siteId)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM contacts WHERE site_id = ?", siteId)).toBe(0);
    expect(await erasureTotals(siteId)).toMatchObject({ records: 1, leads: 2500, contacts: 1 });
    expect(PURGE_CHUNK_ROWS).toBeLessThan(2500); // so this took several chunks
  });
});

describe("retention purge over many sites", () => {
  /**
   * `n` sites made in one statement, each with `rows` downloads of one person from 25 months ago
   * (or nothing, with `rows` 0); returns their ids.
   */
  async function bulkSites(n: number, rows: number): Promise<string[]> {
    const tag = crypto.randomUUID().slice(0, 8);
    const old = monthsAgo(25);
    const statements = [
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO sites (id, site_key, name, created_at) SELECT ?2 || '-' || i, 'site_' || ?2 || i, ?2, ?3 FROM n`,
      ).bind(n, tag, old),
    ];
    if (rows > 0)
      statements.push(
        env.DB.prepare(
          `INSERT INTO contacts (id, site_id, email, created_at, updated_at)
           SELECT 'c-' || id, id, 'old@example.jp', ?2, ?2 FROM sites WHERE name = ?1`,
        ).bind(tag, old),
        env.DB.prepare(
          `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?3)
           INSERT INTO leads (id, site_id, contact_id, resource_id, window_open, page_url, first_seen_at, last_seen_at)
           SELECT 'l-' || id || '-' || i, id, 'c-' || id, 'r' || i, 0, 'https://example.jp/', ?2, ?2 FROM sites, r
           WHERE name = ?1`,
        ).bind(tag, old, rows),
      );
    await env.DB.batch(statements);
    const { results } = await env.DB.prepare("SELECT id FROM sites WHERE name = ? ORDER BY id")
      .bind(tag)
      .all<{ id: string }>();
    return results.map((r) => r.id);
  }
  const leadsLeft = (ids: string[]) =>
    count("SELECT count(*) AS n FROM leads WHERE site_id IN (SELECT value FROM json_each(?))", JSON.stringify(ids));
  const sitesLeft = (ids: string[]) =>
    count(
      "SELECT count(DISTINCT site_id) AS n FROM leads WHERE site_id IN (SELECT value FROM json_each(?))",
      JSON.stringify(ids),
    );

  it("reaches every one of 300 sites with expired data: each run takes the next ones, none twice", async () => {
    const ids = await bulkSites(300, 2);
    const budget = () => ({ chunks: 50, chunkRows: PURGE_CHUNK_ROWS });
    // A run of 50 chunks purges 50 sites; the runs of one day take the sites in turns.
    for (let run = 1; run <= 6; run++) {
      await purgeExpiredData(env, NOW, budget());
      expect(await sitesLeft(ids), `after run ${run}`).toBe(300 - 50 * run);
    }
    expect(await leadsLeft(ids)).toBe(0);
  });

  it("sites with nothing expired cost no chunk: one chunk reaches the one site of 600 that has some", async () => {
    const empty = await bulkSites(600, 0);
    const [full] = await bulkSites(1, 3);
    await purgeExpiredData(env, NOW, { chunks: 1, chunkRows: PURGE_CHUNK_ROWS });
    expect(await leadsLeft([full!])).toBe(0);
    // The empty ones had their turn: the day's next run has nothing due among them.
    expect(
      await count(
        "SELECT count(*) AS n FROM sites WHERE purged_at = ? AND id IN (SELECT value FROM json_each(?))",
        NOW,
        JSON.stringify(empty),
      ),
    ).toBe(600);
  });

  it("a site the budget cannot finish goes to the back of the line", async () => {
    const [first, second] = await bulkSites(2, 3);
    // Both take their turns at once before any other due site of this file's earlier tests.
    await env.DB.prepare("UPDATE sites SET purged_at = ? WHERE id NOT IN (?, ?)").bind(NOW, first, second).run();
    const small = () => ({ chunks: 1, chunkRows: 1 });
    await purgeExpiredData(env, NOW, small());
    expect([await leadsLeft([first!]), await leadsLeft([second!])]).toEqual([2, 3]);
    await purgeExpiredData(env, NOW, small());
    expect([await leadsLeft([first!]), await leadsLeft([second!])]).toEqual([2, 2]);
    for (let run = 0; run < 4; run++) await purgeExpiredData(env, NOW, small());
    expect([await leadsLeft([first!]), await leadsLeft([second!])]).toEqual([0, 0]);
  });
});

describe("retentionCutoff", () => {
  it("goes back calendar months in UTC", () => {
    expect(new Date(retentionCutoff(Date.UTC(2026, 10, 26, 3), 24)).toISOString()).toBe("2024-11-26T03:00:00.000Z");
    expect(new Date(retentionCutoff(Date.UTC(2026, 0, 15), 1)).toISOString()).toBe("2025-12-15T00:00:00.000Z");
  });
});
