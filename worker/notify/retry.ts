// The retry schedule of a delivery, carried out by the queue (message.retry({ delaySeconds })):
// after the 1st failed attempt wait 10 s, then 1 min, 5 min, 30 min, 2 h. wrangler.toml's
// max_retries (5) makes that 6 attempts; a message still failing goes to the dead-letter queue.

/** Seconds to wait after failed attempt n (1-based). */
export const RETRY_DELAYS_S = [10, 60, 300, 1800, 7200];

/**
 * The delay after failed attempt `attempt`. `override` (env NOTIFY_RETRY_DELAYS, comma-separated
 * seconds) exists so that the end-to-end test and `npm start` wait seconds, not minutes.
 */
export function retryDelay(attempt: number, override?: string): number {
  const delays = override ? override.split(",").map((s) => Number(s.trim())) : RETRY_DELAYS_S;
  const delay = delays[Math.min(attempt, delays.length) - 1] ?? 0;
  return Number.isFinite(delay) && delay >= 0 ? delay : 0;
}
