// Form analytics counters and the retention cron (docs/analytics.md, "Retention"): a site's
// counter rows of days before its retention cutoff go with the hourly purge, like its leads and
// inquiries; younger ones and other sites' stay.
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeFormStats } from "../../worker/db/form-stats.ts";
import { retentionCutoff } from "../../worker/db/retention.ts";
import { updateSite } from "../../worker/db/sites.ts";
import worker from "../../worker/index.ts";
import { RETENTION_CRON } from "../../worker/scheduled.ts";
import { makeSite, rows } from "./helpers.ts";

const DAY = 86_400_000;
const NOW = Date.now();
/** The UTC date `months` calendar months before NOW, `days` more days back (negative: after). */
const dayOf = (months: number, days: number) =>
  new Date(retentionCutoff(NOW, months) - days * DAY).toISOString().slice(0, 10);

async function addCounters(siteId: string, days: string[]) {
  const form = env.DB.prepare(
    "INSERT INTO form_stats (site_id, day, form, page, views) VALUES (?, ?, 'inquiry:demo', 'https://a.example/', 1)",
  );
  const field = env.DB.prepare(
    "INSERT INTO form_field_stats (site_id, day, form, page, field, abandons) VALUES (?, ?, 'inquiry:demo', 'https://a.example/', 'email', 1)",
  );
  await env.DB.batch(days.flatMap((day) => [form.bind(siteId, day), field.bind(siteId, day)]));
}

const daysLeft = async (siteId: string) => ({
  forms: (await rows<{ day: string }>("SELECT day FROM form_stats WHERE site_id = ? ORDER BY day", siteId)).map(
    (r) => r.day,
  ),
  fields: (await rows<{ day: string }>("SELECT day FROM form_field_stats WHERE site_id = ? ORDER BY day", siteId)).map(
    (r) => r.day,
  ),
});

describe("form analytics counters: retention", () => {
  it("the retention cron deletes each site's counters of days before its own cutoff", async () => {
    const standard = await makeSite(); // 24 months
    const short = await makeSite();
    await updateSite(env.DB, short.siteId, { retentionMonths: 6 });
    const days = [dayOf(24, 2), dayOf(24, -2), dayOf(6, 2), dayOf(6, -2), dayOf(0, 0)];
    await addCounters(standard.siteId, days);
    await addCounters(short.siteId, days);

    await worker.scheduled(
      createScheduledController({ cron: RETENTION_CRON, scheduledTime: NOW }),
      env,
      createExecutionContext(),
    );
    expect(await daysLeft(standard.siteId)).toEqual({ forms: days.slice(1), fields: days.slice(1) });
    expect(await daysLeft(short.siteId)).toEqual({ forms: days.slice(3), fields: days.slice(3) });
  });

  it("deletes in bounded statements until nothing expired is left", async () => {
    const { siteId } = await makeSite();
    const old = Array.from({ length: 5 }, (_, i) => dayOf(24, 10 + i)).sort();
    await addCounters(siteId, [...old, dayOf(0, 0)]);
    expect(await purgeFormStats(env.DB, NOW, { chunkRows: 2, chunks: 10 })).toBe(10);
    expect(await daysLeft(siteId)).toEqual({ forms: [dayOf(0, 0)], fields: [dayOf(0, 0)] });
  });
});
