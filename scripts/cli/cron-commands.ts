// `cron digest|reminders|sweep|retention`: fire a cron job of the local stack now. Cloudflare runs
// the crons of a deployed worker by itself; `wrangler dev` runs none, but its runtime (miniflare)
// answers /cdn-cgi/local/scheduled?cron=…&time=… by calling the worker's scheduled() with that cron
// expression and time, which is how each job is tried locally.
import { addDays, localDateAt, offsetAt } from "../../worker/lib/zoned-time.ts";
import { NOTIFY_CRON } from "../../worker/notify/crons.ts";
import { DIGEST_HOUR } from "../../worker/notify/digest.ts";
import { RETENTION_CRON } from "../../worker/scheduled.ts";
import { type Command, INVOCATION, type OptionValues, str, UsageError } from "./command.ts";
import { canonicalTimeZone } from "./time-zone.ts";

/** The local collector `npm start` runs, on the port it was given. */
const defaultCollector = () => `http://localhost:${process.env.PORT ?? 8787}`;

const URL_OPTION = {
  type: "string",
  value: "URL",
  help: "the local collector (wrangler dev) to fire it on (default http://localhost:$PORT, PORT 8787)",
} as const;

/** The URL that makes wrangler dev's runtime call scheduled() with `cron` at `time`. */
export function scheduledUrl(collector: string, cron: string, time: number): string {
  const query = new URLSearchParams({ cron, time: String(time), format: "json" });
  return `${collector.replace(/\/+$/, "")}/cdn-cgi/local/scheduled?${query}`;
}

/** The latest 09:00 (the digest's hour) in `zone` at or before `now`. */
export function lastDigestHour(zone: string, now: number): number {
  const today = localDateAt(zone, now);
  for (const date of [today, addDays(today, -1)]) {
    const wall = Date.UTC(date.year, date.month - 1, date.day, DIGEST_HOUR);
    const at = wall - offsetAt(zone, wall - offsetAt(zone, wall));
    if (at <= now) return at;
  }
  throw new Error(`no ${DIGEST_HOUR}:00 in ${zone} in the last two days`);
}

/** Fires `cron` at `time` on the collector; a one-line error when it is not running or the job failed. */
async function fire(values: OptionValues, cron: string, time: number): Promise<void> {
  if (values.remote || values.persist) {
    throw new UsageError(
      "cron fires the crons of the local stack (npm start); a deployed worker runs its own, on schedule",
    );
  }
  const collector = str(values, "url") ?? defaultCollector();
  if (!/^https?:\/\/[^/]+/.test(collector)) throw new UsageError(`--url "${collector}" is not an http(s) URL`);
  let res: Response;
  try {
    res = await fetch(scheduledUrl(collector, cron, time));
  } catch {
    throw new Error(`no collector answers at ${collector}: start it with npm start (or pass --url)`);
  }
  const body = (await res.json().catch(() => ({}))) as { outcome?: string };
  if (!res.ok || body.outcome !== "ok") {
    throw new Error(
      `the job failed (${body.outcome ?? `HTTP ${res.status}`}): its error is in npm start's [worker] log`,
    );
  }
}

const when = (time: number) => new Date(time).toISOString().replace(".000Z", "Z");

const digest: Command = {
  group: "cron",
  name: "digest",
  summary: "Send today's daily digest now (the 5-minute cron, run at 09:00 site time)",
  options: {
    "time-zone": {
      type: "string",
      value: "ZONE",
      help: "the sites' time zone whose 09:00 to run at (default Asia/Tokyo)",
    },
    url: URL_OPTION,
  },
  examples: [`${INVOCATION} cron digest`, `${INVOCATION} cron digest --time-zone Europe/Berlin`],
  notes: [
    "Runs the 5-minute cron as if it were the latest 09:00 in the zone: each site of that zone with a",
    "webhook or Slack gets its digest for that date, once (a second run the same day sends nothing).",
    "npm start's webhook receiver prints it.",
  ],
  async run(values, ctx) {
    const given = str(values, "time-zone") ?? "Asia/Tokyo";
    const zone = canonicalTimeZone(given);
    if (!zone) throw new UsageError(`--time-zone "${given}" is not an IANA time zone (e.g. Asia/Tokyo, Europe/Berlin)`);
    const time = lastDigestHour(zone, Date.now());
    await fire(values, NOTIFY_CRON, time);
    ctx.out(`Ran the notification cron (${NOTIFY_CRON}) as of ${when(time)}, 09:00 in ${zone}.`);
    ctx.out("Sites of that zone with a webhook sent their digest for that date, unless they had already.");
  },
};

/** The 5-minute cron at the current time: the sweep and the stall reminders (and a digest, if it is due). */
const notifyNow = (name: string, summary: string, done: string): Command => ({
  group: "cron",
  name,
  summary,
  options: { url: URL_OPTION },
  examples: [`${INVOCATION} cron ${name}`],
  notes: ["The sweep, the stall reminders and the digest are one cron (every 5 minutes): this runs all three now."],
  async run(values, ctx) {
    const time = Date.now();
    await fire(values, NOTIFY_CRON, time);
    ctx.out(`Ran the notification cron (${NOTIFY_CRON}) as of ${when(time)}: ${done}`);
  },
});

const retention: Command = {
  group: "cron",
  name: "retention",
  summary: "Run the daily retention purge now (personal data older than each site's retention)",
  options: { url: URL_OPTION },
  examples: [`${INVOCATION} cron retention`],
  async run(values, ctx) {
    const time = Date.now();
    await fire(values, RETENTION_CRON, time);
    ctx.out(
      `Ran the retention purge (${RETENTION_CRON}) as of ${when(time)}: each site it purged has a "retention purge" line in npm start's [worker] log (none: nothing had expired).`,
    );
  },
};

export const cronCommands: Command[] = [
  digest,
  notifyNow(
    "reminders",
    "Send the stall reminders due now",
    "inquiries still new past their site's stall threshold got one reminder each.",
  ),
  notifyNow(
    "sweep",
    "Re-send notifications the queue has not delivered",
    "notifications not dispatched 2 minutes after they were written were sent to the queue again.",
  ),
  retention,
];
