// When an unanswered inquiry counts as stalled: past the site's stall threshold in business
// minutes (the same clock as the stall reminders), or past 24 h when the threshold cannot be read.
import { businessMinutesBetween } from "../../worker/notify/business-hours.ts";

const HOUR = 3_600_000;
/** The fallback when the member may not read the site's notification settings. */
export const FALLBACK_STALL_MS = 24 * HOUR;
// Any 30 days hold more business time than the largest threshold the API accepts (7 business
// days), so older inquiries need no day-by-day count.
const SURELY_STALLED_MS = 30 * 24 * HOUR;

/** Whether an inquiry created at `createdAt`, still new, is stalled at `now`. */
export function isStalled(
  createdAt: number,
  now: number,
  timeZone: string,
  stallAfterMinutes: number | undefined,
): boolean {
  const elapsed = now - createdAt;
  if (stallAfterMinutes === undefined) return elapsed >= FALLBACK_STALL_MS;
  // Business minutes never exceed wall-clock minutes.
  if (elapsed < stallAfterMinutes * 60_000) return false;
  if (elapsed >= SURELY_STALLED_MS) return true;
  return businessMinutesBetween(timeZone, createdAt, now) >= stallAfterMinutes;
}
