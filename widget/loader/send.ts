import type { ErrorBody } from "../../shared/errors.ts";
import type { CollectResponse } from "../../shared/schemas.ts";
import type { OutboxEntry } from "./outbox.ts";

/** The collector's answer, reduced to what the widget does next. */
export type SendResult =
  | { ok: true; id: string; duplicate: boolean }
  /** Network error, timeout, 5xx, 408, 429: keep the entry and try again later. */
  | { ok: false; retry: true }
  /**
   * Any other 4xx: the same body would fail again, so drop it and tell the visitor. `refused`:
   * the collector turned the site or this page's origin away (401/403/404), which the visitor
   * cannot fix and the site owner must.
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

/**
 * What to do with an HTTP answer.
 * @example classify(503, {}) // { ok: false, retry: true }
 */
export function classify(status: number, body: unknown): SendResult {
  if (status >= 200 && status < 300) {
    const b = body as Partial<CollectResponse> | null;
    return { ok: true, id: String(b?.id ?? ""), duplicate: b?.duplicate === true };
  }
  if (status >= 500 || status === 408 || status === 429 || status < 400) return { ok: false, retry: true };
  const error = (body as Partial<ErrorBody> | null)?.error;
  const refused = status === 401 || status === 403 || status === 404;
  return {
    ok: false,
    retry: false,
    status,
    refused,
    code: error?.code,
    message: error?.message,
    fields: error?.fields,
  };
}

/** Posts one outbox entry to its collector; never throws. */
export async function sendEntry(entry: OutboxEntry): Promise<SendResult> {
  try {
    const res = await fetch(`${entry.origin}/v1/collect/${entry.endpoint}?site=${encodeURIComponent(entry.siteKey)}`, {
      method: "POST",
      mode: "cors",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(entry.body),
      // keepalive lets the request outlive a page the visitor leaves right after submitting.
      // Some browsers refuse keepalive on a preflighted request, so every other retry goes
      // without it: such a browser still delivers on the next attempt.
      keepalive: entry.attempts % 2 === 0,
      signal: AbortSignal.timeout?.(20_000),
    });
    return classify(res.status, await res.json().catch(() => null));
  } catch {
    return { ok: false, retry: true };
  }
}
