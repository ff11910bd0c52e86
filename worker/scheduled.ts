// Cron triggers (wrangler.toml `[triggers] crons`): one dispatcher for every scheduled job, keyed
// by the cron expression Cloudflare passes in. Add a job here and its expression there.
import { purgeFormStats } from "./db/form-stats.ts";
import { allDatabases, directoryDatabase } from "./db/handle.ts";
import { purgeRefusals } from "./db/refusals.ts";
import {
  CHECK_SITES,
  dueSites,
  newPurgeBudget,
  type PurgeBudget,
  purgeSite,
  recordPurgeTurn,
  retentionCutoff,
  sitesWithExpiredRows,
} from "./db/retention.ts";
import { catchUpSearch } from "./db/search.ts";
import { purgeSignIns } from "./db/sessions.ts";
import type { Env } from "./env.ts";
import { NOTIFY_CRON, runNotificationCron } from "./notify/crons.ts";

/**
 * Hourly at minute 17: the retention purge. The day's first run (18:17 UTC is 03:17 in Japan, where
 * most of our users are, but any hour works) usually does it all; the later ones continue what
 * the budget of the earlier ones did not reach, and find nothing due once every site is done.
 */
export const RETENTION_CRON = "17 * * * *";

const DAY_MS = 86_400_000;

/**
 * Purges the personal data of every site older than its retention, in bounded chunks
 * (db/retention.ts) within one budget for the run; logs one line per site it purged. Sites
 * are due once a UTC day and taken in turns (dueSites): those with nothing expired are found
 * CHECK_SITES at a time by one statement and cost no chunk; a site the budget cannot finish
 * takes its turn and goes to the back of the line. So the time until every site is purged
 * depends on how many rows have expired, not on how many sites there are.
 */
export async function purgeExpiredData(env: Env, now: number, budget: PurgeBudget = newPurgeBudget()) {
  // Each database holds its own sites (db/handle.ts), and keeps their turns itself.
  for (const db of allDatabases(env)) {
    const due = await dueSites(db, now - (now % DAY_MS));
    for (let i = 0; i < due.length; i += CHECK_SITES) {
      const group = due.slice(i, i + CHECK_SITES).map((s) => ({ ...s, cutoff: retentionCutoff(now, s.months) }));
      const expired = await sitesWithExpiredRows(db, group);
      await recordPurgeTurn(
        db,
        group.filter((s) => !expired.has(s.siteId)).map((s) => s.siteId),
        now,
        true,
      );
      for (const { siteId, cutoff } of group.filter((s) => expired.has(s.siteId))) {
        // Spent: the other sites with expired rows wait for the next run; the rest of the due
        // sites are still checked, and those with nothing expired are done for the day.
        if (budget.chunks === 0) break;
        const { done, ...purged } = await purgeSite(db, siteId, cutoff, now, budget);
        await recordPurgeTurn(db, [siteId], now, done);
        console.log("retention purge", siteId, JSON.stringify(purged), done ? "" : "(continues next run)");
      }
    }
  }
  if (budget.chunks === 0) console.log("retention purge: budget spent, the next run continues");
}

const JOBS: Record<string, (env: Env, now: number) => Promise<void>> = {
  // Refusal and form analytics counters first: a few small statements, kept whatever the
  // personal-data purge's budget does.
  [RETENTION_CRON]: async (env, now) => {
    for (const db of allDatabases(env)) {
      const refusals = await purgeRefusals(db, now);
      if (refusals > 0) console.log("retention purge: refusal counters", refusals);
      const formStats = await purgeFormStats(db, now);
      if (formStats > 0) console.log("retention purge: form analytics counters", formStats);
    }
    const signIns = await purgeSignIns(directoryDatabase(env), now);
    if (signIns.links + signIns.sessions > 0) console.log("retention purge: sign-ins", JSON.stringify(signIns));
    await purgeExpiredData(env, now);
  },
  // Every 5 minutes: the outbox sweep, daily digests at 09:00 site time, stall reminders; and the
  // `q` search indexes take in what was stored since (searches also do so first, db/search.ts).
  [NOTIFY_CRON]: async (env, now) => {
    await runNotificationCron(env, now);
    for (const db of allDatabases(env)) await catchUpSearch(db);
  },
};

/** The Worker's `scheduled` handler: runs the job of the cron that fired. */
export async function scheduled(controller: ScheduledController, env: Env) {
  const job = JOBS[controller.cron];
  // A failed invocation shows in the Cron Events log, and Cloudflare retries nothing: tomorrow's run catches up.
  if (!job) throw new Error(`no scheduled job for cron "${controller.cron}" (see worker/scheduled.ts)`);
  await job(env, controller.scheduledTime);
}
