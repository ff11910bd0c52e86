// Cron triggers (wrangler.toml `[triggers] crons`): one dispatcher for every scheduled job, keyed
// by the cron expression Cloudflare passes in. Add a job here and its expression there.
import { purgeRefusals } from "./db/refusals.ts";
import { newPurgeBudget, purgeSite, retentionCutoff, sitesRetention } from "./db/retention.ts";
import { catchUpSearch } from "./db/search.ts";
import type { Env } from "./env.ts";
import { NOTIFY_CRON, runNotificationCron } from "./notify/crons.ts";

/** Daily at 18:17 UTC (03:17 in Japan, where most of our users are): the retention purge. */
export const RETENTION_CRON = "17 18 * * *";

/**
 * Purges every site's personal data older than its retention, in bounded chunks (db/retention.ts)
 * within one budget for the run; logs one line per site that lost rows. Sites the budget did not
 * reach, or did not finish, are purged by the next run.
 */
export async function purgeExpiredData(env: Env, now: number) {
  const budget = newPurgeBudget();
  const sites = await sitesRetention(env.DB);
  // Each day starts at another site, so a site with a large backlog cannot keep the budget from
  // the ones after it day after day.
  const start = sites.length ? Math.floor(now / 86_400_000) % sites.length : 0;
  for (const { siteId, months } of [...sites.slice(start), ...sites.slice(0, start)]) {
    if (budget.chunks === 0) {
      console.log("retention purge: budget spent, the next run continues");
      return;
    }
    const { done, ...purged } = await purgeSite(env.DB, siteId, retentionCutoff(now, months), now, budget);
    if (Object.values(purged).some((n) => n > 0) || !done) {
      console.log("retention purge", siteId, JSON.stringify(purged), done ? "" : "(continues next run)");
    }
  }
}

const JOBS: Record<string, (env: Env, now: number) => Promise<void>> = {
  // Refusal counters first: one small statement, kept whatever the personal-data purge's budget does.
  [RETENTION_CRON]: async (env, now) => {
    const refusals = await purgeRefusals(env.DB, now);
    if (refusals > 0) console.log("retention purge: refusal counters", refusals);
    await purgeExpiredData(env, now);
  },
  // Every 5 minutes: the outbox sweep, daily digests at 09:00 site time, stall reminders; and the
  // `q` search indexes take in what was stored since (searches also do so first, db/search.ts).
  [NOTIFY_CRON]: async (env, now) => {
    await runNotificationCron(env, now);
    await catchUpSearch(env.DB);
  },
};

/** The Worker's `scheduled` handler: runs the job of the cron that fired. */
export async function scheduled(controller: ScheduledController, env: Env) {
  const job = JOBS[controller.cron];
  // A failed invocation shows in the Cron Events log, and Cloudflare retries nothing: tomorrow's run catches up.
  if (!job) throw new Error(`no scheduled job for cron "${controller.cron}" (see worker/scheduled.ts)`);
  await job(env, controller.scheduledTime);
}
