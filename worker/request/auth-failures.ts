// Failed team-API authentications, limited per client address. A well-formed key (or session
// token) costs a D1 read to be found wrong, so guessing would otherwise be a D1 read per guess.
// Only failures count (the Rate Limiting binding counts every call, so it is called after a
// failure, never before a success); once it refuses an address, this isolate remembers that for
// the binding's period and refuses the address's next attempts before any hashing or D1 read.
// Another isolate learns it on that address's next failure there (one more D1 read at most).
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { addressKey } from "../lib/address-key.ts";
import { AUTH_FAILURE_RATE_LIMIT, clientAddress, RATE_LIMIT_PERIOD_S, refuse } from "./rate-limit.ts";

/** Address key → until when (ms) this isolate refuses its attempts. */
const blocked = new Map<string, number>();
/** Bounded: a flood from many addresses must not grow the isolate's memory without limit. */
const MAX_BLOCKED = 10_000;

const REASON = `too many failed authentications from this address (at most ${AUTH_FAILURE_RATE_LIMIT} a minute)`;

/** Refuses (429) an address this isolate saw go past the limit, before its credential is looked up. */
export function refuseBlockedAddress(c: Context<AppEnv>, now = Date.now()): void {
  const ip = clientAddress(c);
  if (!ip) return;
  const key = addressKey(ip);
  const until = blocked.get(key);
  if (until === undefined) return;
  if (until > now) refuse(c, REASON, "authorization");
  blocked.delete(key);
}

/** Counts a failed authentication for the caller's address; past the limit, 429 instead of the failure. */
export async function countAuthFailure(c: Context<AppEnv>, now = Date.now()): Promise<void> {
  const ip = clientAddress(c);
  if (!ip) return;
  const key = addressKey(ip);
  const { success } = await c.env.AUTH_FAILURE_LIMITER.limit({ key });
  if (success) return;
  if (blocked.size >= MAX_BLOCKED) blocked.clear();
  blocked.set(key, now + RATE_LIMIT_PERIOD_S * 1000);
  refuse(c, REASON, "authorization");
}
