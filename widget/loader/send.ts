import type { CollectResponse } from "../../shared/api.ts";
import type { ErrorBody } from "../../shared/errors.ts";
import type { OutboxEntry } from "./outbox.ts";

/** The collector's answer, reduced to what the widget does next. */
export type SendResult =
  /**
   * `delivery: "mail"`: the file is not for the page; its link was mailed to the visitor. Else
   * `fileUrl`, the registered file, for a form without a link of its own.
   */
  | { ok: true; id: string; duplicate: boolean; delivery?: "mail"; fileUrl?: string }
  /**
   * Network error, timeout, 5xx, 408, 429: keep the entry and try again later; `wait` (ms) when
   * the collector said how long with Retry-After (429, 503).
   */
  | { ok: false; retry: true; wait: number }
  /**
   * Any other 4xx: the same body would fail again, so drop it and tell the visitor. `refused`:
   * the collector turned the site or this page's origin away (401/403/404), which the visitor
   * cannot fix and the site owner must. Also, with status 0 and code `gave_up`, an entry the
   * outbox dropped at its give-up limit.
   */
  | {
      ok: false;
      retry: false;
      status: number;
      refused: boolean;
      code?: string;
      message?: string;
      fields?: Record<string, string>;
    };

/** The longest Retry-After honoured (1 h): a bogus value must not park a submission for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * A Retry-After header in ms: the delay-seconds form, which the collector sends; 0 when absent or
 * in another form (an HTTP date), at most MAX_RETRY_AFTER_MS.
 * @example retryAfterMs("120") // 120000
 */
export const retryAfterMs = (header: string | null | undefined): number =>
  // +null is 0 and +undefined NaN: both end as 0, like any other non-number.
  Math.min(Math.max(+(header as string), 0) * 1000, MAX_RETRY_AFTER_MS) || 0;

/**
 * What to do with an HTTP answer; `wait` is the answer's Retry-After in ms.
 * @example classify(503, {}, 5000) // { ok: false, retry: true, wait: 5000 }
 */
export function classify(status: number, body?: unknown, wait = 0): SendResult {
  // A 2xx of the collector is always {id, duplicate}.
  if (status > 199 && status < 300) return { ok: true, ...(body as CollectResponse) };
  if (status > 499 || status === 408 || status === 429 || status < 400) return { ok: false, retry: true, wait };
  // The envelope's code, message and field reasons.
  return {
    ok: false,
    retry: false,
    status,
    refused: /^40[134]/.test(`${status}`),
    ...(body as ErrorBody | null)?.error,
  };
}

/**
 * Posts one outbox entry to its collector; never throws. `keepalive` lets the request outlive
 * the page (pagehide); otherwise every other attempt uses it (see below).
 */
export async function sendEntry(entry: OutboxEntry, keepalive = !(entry.attempts % 2)): Promise<SendResult> {
  try {
    // Site keys are URL-safe ([A-Za-z0-9_-]): no encoding needed.
    const res = await fetch(`${entry.origin}/v1/collect/${entry.endpoint}?site=${entry.siteKey}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(entry.body),
      // keepalive lets the request outlive a page the visitor leaves right after submitting.
      // Some browsers refuse keepalive on a preflighted request, so every other retry goes
      // without it: such a browser still delivers on the next attempt.
      keepalive,
      signal: AbortSignal.timeout(20_000),
    });
    return classify(res.status, await res.json().catch(() => {}), retryAfterMs(res.headers.get("Retry-After")));
  } catch {
    // No answer (network error, timeout, CORS): retry.
    return classify(0);
  }
}
