import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { retentionCutoff } from "../../worker/db/retention.ts";
import { updateSite } from "../../worker/db/sites.ts";
import worker from "../../worker/index.ts";
import { RETENTION_CRON } from "../../worker/scheduled.ts";
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
    expect(wranglerToml).toMatch(/\[triggers\]\s*\ncrons = \[[^\]]*"17 18 \* \* \*"/);
    expect(RETENTION_CRON).toBe("17 18 * * *");
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

describe("retentionCutoff", () => {
  it("goes back calendar months in UTC", () => {
    expect(new Date(retentionCutoff(Date.UTC(2026, 10, 26, 3), 24)).toISOString()).toBe("2024-11-26T03:00:00.000Z");
    expect(new Date(retentionCutoff(Date.UTC(2026, 0, 15), 1)).toISOString()).toBe("2025-12-15T00:00:00.000Z");
  });
});
