// The daily digest, due at 09:00 in the site's time zone (the first cron run from 09:00 to 09:59
// sends it, once per local date): yesterday's leads, new contacts and inquiries by kind, the
// inquiries still `new` after 24 h with their age, and on Mondays last week against the week
// before. The figures come from the stats module (db/stats.ts), the same as GET /v1/stats.
// No personal data: a waiting inquiry is named by its id, kind, arrival and age only. The team
// already got each inquiry with its person (inquiry.created, inquiry.stalled) and opens it by id
// (GET /v1/inquiries/:id); and a digest's stored payload, which is about many people, then holds
// nothing an erasure would have to find in it.
import { type NotifiedSite, waitingInquiries } from "../db/notification-subjects.ts";
import { insertNotification, notificationExists } from "../db/notifications.ts";
import { type BucketCounts, readRangeFigures, UNANSWERED_AFTER_MS } from "../db/stats.ts";
import { addDays, formatLocalDate, localDateAt, mondayOf, offsetAt, startOfLocalDay } from "../lib/zoned-time.ts";
import { envelope, type SiteRef } from "./payloads.ts";

export const DIGEST_HOUR = 9;
/** At most this many waiting inquiries are listed (the count says how many there are). */
const WAITING_LISTED = 20;

/** The figures of one day or week. */
interface DigestCounts {
  leads: number;
  contacts: number;
  inquiries: { demo: number; quote: number; contact: number; total: number };
}

/** One week's figures, from Monday to Sunday (local dates). */
type DigestWeek = { from: string; to: string } & DigestCounts;

/** What a `digest.daily` event carries (its Slack text and mail: slack.ts `digestText`). */
export interface DigestData {
  site: SiteRef;
  /** The local date it is sent on. */
  date: string;
  timeZone: string;
  yesterday: { date: string } & DigestCounts;
  /** How many inquiries wait (digests stored before it was added have only the list). */
  stillNewCount?: number;
  /** The oldest of them: no names, only what to look each up by. */
  stillNew: { id: string; kind: string; createdAt: string; ageHours: number }[];
  /** On Mondays: last week against the week before. */
  week?: { current: DigestWeek; previous: DigestWeek };
}

const counts = (b: BucketCounts | undefined): DigestCounts => {
  const n = b ?? { leads: 0, contacts: 0, demo: 0, quote: 0, contact: 0 };
  return {
    leads: n.leads,
    contacts: n.contacts,
    inquiries: { demo: n.demo, quote: n.quote, contact: n.contact, total: n.demo + n.quote + n.contact },
  };
};

/** The local hour (0–23) in `zone` at `now`. */
export const localHour = (zone: string, now: number) => new Date(now + offsetAt(zone, now)).getUTCHours();

/** The local date (YYYY-MM-DD) whose digest is due at `now` in `zone`: during the digest hour only. */
export const dueDigestDate = (zone: string, now: number): string | null =>
  localHour(zone, now) === DIGEST_HOUR ? formatLocalDate(localDateAt(zone, now)) : null;

/** Creates the site's digest if it is due at `now` and not sent yet today; returns its id. */
export async function createDigest(db: D1Database, site: NotifiedSite, now: number): Promise<string | null> {
  const zone = site.time_zone;
  const date = dueDigestDate(zone, now);
  if (!date) return null;
  const today = localDateAt(zone, now);
  if (await notificationExists(db, site.id, "digest.daily", date)) return null;

  const yesterday = { start: startOfLocalDay(zone, addDays(today, -1)), end: startOfLocalDay(zone, today) };
  const daily = await readRangeFigures(db, site.id, [yesterday], now);
  const waiting = await waitingInquiries(db, site.id, 0, now - UNANSWERED_AFTER_MS, { limit: 1000 });
  const data: DigestData = {
    site: { id: site.id, name: site.name },
    date,
    timeZone: zone,
    yesterday: { date: formatLocalDate(addDays(today, -1)), ...counts(daily.buckets[0]) },
    stillNewCount: waiting.length,
    stillNew: waiting.slice(0, WAITING_LISTED).map((i) => ({
      id: i.id,
      kind: i.kind,
      createdAt: new Date(i.createdAt).toISOString(),
      ageHours: Math.floor((now - i.createdAt) / 3_600_000),
    })),
  };
  const monday = mondayOf(today);
  if (formatLocalDate(monday) === date) {
    const starts = [-14, -7, 0].map((days) => startOfLocalDay(zone, addDays(monday, days)));
    const weeks = await readRangeFigures(
      db,
      site.id,
      [
        { start: starts[0]!, end: starts[1]! },
        { start: starts[1]!, end: starts[2]! },
      ],
      now,
    );
    const week = (i: number, fromDays: number): DigestWeek => ({
      from: formatLocalDate(addDays(monday, fromDays)),
      to: formatLocalDate(addDays(monday, fromDays + 6)),
      ...counts(weeks.buckets[i]),
    });
    data.week = { current: week(1, -7), previous: week(0, -14) };
  }
  return insertNotification(
    db,
    { siteId: site.id, event: "digest.daily", subjectId: date },
    JSON.stringify(envelope("digest.daily", now, data)),
    now,
  );
}
