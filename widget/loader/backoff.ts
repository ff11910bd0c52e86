/** First retry after 1 s, then doubling: fast enough for a blip, gentle on a struggling server. */
export const BACKOFF_BASE_MS = 1_000;
/** Never wait longer than a minute, so a queued submission goes soon after the network is back. */
export const BACKOFF_CAP_MS = 60_000;
/** ±20 %: many visitors of one site losing the network together must not retry in lockstep. */
export const BACKOFF_JITTER = 0.2;

/**
 * Delay before retry number `attempt` (1 = first retry): 1 s, 2 s, 4 s … with ±20 % jitter,
 * never more than 60 s.
 * @example backoffDelay(3, () => 0.5) // 4000
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, (BACKOFF_BASE_MS / 2) * 2 ** attempt);
  const jittered = base * (1 - BACKOFF_JITTER + random() * (2 * BACKOFF_JITTER));
  return Math.round(Math.min(BACKOFF_CAP_MS, jittered));
}
