import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/index.ts";
import { NOTIFY_CRON } from "../../worker/notify/crons.ts";

/** Runs the Worker's scheduled handler as the notification cron at `time` (the clock the jobs use). */
export async function runScheduled(time: number | Date) {
  const controller = createScheduledController({ scheduledTime: time, cron: NOTIFY_CRON });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env as never, ctx);
  await waitOnExecutionContext(ctx);
}
