import type { MiddlewareHandler } from "hono";
import type { CollectResponse } from "../../shared/api.ts";
import { MIN_FILL_MS } from "../../shared/limits.ts";
import type { AppEnv } from "../env.ts";
import { countCollectRefusal } from "../request/count-refusal.ts";
import { clientAddress } from "../request/rate-limit.ts";

type Trappable = { hp?: string; fillMs?: number; resourceId?: string };

/**
 * Which trap a submission tripped, if any: a filled honeypot, or (when `timed`) a form sent
 * faster than a person can.
 */
export function botTrap(body: Trappable, timed: boolean): "honeypot" | "too_fast" | null {
  if (body.hp) return "honeypot";
  // No fillMs: a server-side integration or curl, not the widget; the honeypot still applies.
  if (timed && body.fillMs !== undefined && body.fillMs < MIN_FILL_MS) return "too_fast";
  return null;
}

/**
 * Answers a bot as if it had succeeded (same status and shape as a new record: a bot that is
 * told it was caught learns to avoid the trap), stores nothing, notifies nobody, and counts it
 * for the site (`GET /v1/refusals`, codes `honeypot` / `too_fast`). After the body's validator,
 * before anything that costs (Turnstile, the write).
 */
export const trapBots: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The validator ran first, so this is the parsed body (Hono caches it per target).
  const body = (c.req.valid as (target: "json") => Trappable)("json");
  // Fill time is judged for every visitor (Cloudflare gives each request its address), but not
  // for requests from the machine itself: local runs, where the browser tests fill forms in
  // milliseconds as a script would (as for the rate limit, request/rate-limit.ts).
  const trap = botTrap(body, clientAddress(c) !== null);
  if (!trap) return next();
  countCollectRefusal(c, trap);
  // A lead's answer names its registered file, as a real one on the page does: a person caught by
  // mistake (an autofilled honeypot) still gets the file, and is never told there is none.
  const fileUrl = body.resourceId === undefined ? undefined : c.var.site.resourceFiles?.get(body.resourceId);
  return c.json(
    { id: crypto.randomUUID(), duplicate: false, ...(fileUrl ? { fileUrl } : {}) } satisfies CollectResponse,
    201,
  );
};
