// One-time sign-in links and the server-side sessions they start, both stored by token hash
// (lib/session-token.ts). Server-side rows, not signed cookies: sign-out and a member's removal
// take effect on the very next request.
import { and, eq, gt, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import { hashToken, newToken } from "../lib/session-token.ts";
import { orm } from "./orm.ts";
import { members, sessions, signInLinks } from "./schema.ts";

/** A sign-in link works for 15 minutes, once. */
export const LINK_TTL_MS = 15 * 60_000;
/** A session ends after 14 days without a request (sliding). */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60_000;
/**
 * A session's expiry moves forward at most this often: a dashboard polling the API would
 * otherwise write to D1 on every request, for an expiry that is measured in days.
 */
export const SESSION_TOUCH_MS = 5 * 60_000;

export type SessionKind = (typeof sessions.via.enumValues)[number];

/** Makes a sign-in link for the member (asked for `siteId`); returns its token, stored only hashed. */
export async function createSignInLink(
  db: D1Database,
  link: { memberId: string; siteId: string | null },
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = now + LINK_TTL_MS;
  await orm(db)
    .insert(signInLinks)
    .values({ tokenHash: await hashToken(token), ...link, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** A new session: the cookie's token (never stored) and when it ends unless used. */
export interface NewSession {
  token: string;
  expiresAt: number;
}

/** Whether the link with this token could sign in now, without using it (the page before the click). */
export async function signInLinkState(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<"valid" | "used" | "expired" | "unknown"> {
  const [link] = await orm(db)
    .select({ usedAt: signInLinks.usedAt, expiresAt: signInLinks.expiresAt })
    .from(signInLinks)
    .where(eq(signInLinks.tokenHash, await hashToken(token)));
  if (!link) return "unknown";
  if (link.usedAt !== null) return "used";
  return link.expiresAt > now ? "valid" : "expired";
}

/**
 * Consumes the link with this token and starts a session for its member, in one transaction.
 * The UPDATE is the single use: of two requests racing with the same link, one UPDATE matches
 * and the other finds `used_at` set. A refused link says why (used, expired, unknown).
 */
export async function exchangeSignInLink(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<{ session: NewSession } | { refused: "used" | "expired" | "unknown" }> {
  const o = orm(db);
  const linkHash = await hashToken(token);
  const sessionToken = newToken();
  const expiresAt = now + SESSION_IDLE_MS;
  const [consumed] = await o.batch([
    o
      .update(signInLinks)
      .set({ usedAt: now })
      .where(and(eq(signInLinks.tokenHash, linkHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)))
      .returning({ memberId: signInLinks.memberId }),
    // Written only if the UPDATE just before it consumed the link.
    o.insert(sessions).select(
      o
        .select({
          tokenHash: sql<string>`${await hashToken(sessionToken)}`.as("token_hash"),
          memberId: signInLinks.memberId,
          via: sql<SessionKind>`'link'`.as("via"),
          createdAt: sql<number>`${now}`.as("created_at"),
          lastSeenAt: sql<number>`${now}`.as("last_seen_at"),
          expiresAt: sql<number>`${expiresAt}`.as("expires_at"),
          revokedAt: sql<null>`NULL`.as("revoked_at"),
        })
        .from(signInLinks)
        .where(and(eq(signInLinks.tokenHash, linkHash), sql`changes() = 1`)),
    ),
  ]);
  if (consumed.length === 1) return { session: { token: sessionToken, expiresAt } };
  const [link] = await o
    .select({ usedAt: signInLinks.usedAt })
    .from(signInLinks)
    .where(eq(signInLinks.tokenHash, linkHash));
  return { refused: !link ? "unknown" : link.usedAt !== null ? "used" : "expired" };
}

/** A live session with the person it signs in. */
export interface ActiveSession {
  tokenHash: string;
  via: SessionKind;
  lastSeenAt: number;
  expiresAt: number;
  member: { id: string; email: string; name: string | null };
}

/**
 * Who a request signs in, by whatever way: a session (its cookie), or Cloudflare Access's token on
 * the request itself (request/access-sign-in.ts), which has no session row.
 */
export type SignedIn = Pick<ActiveSession, "via" | "expiresAt" | "member">;

/** The unrevoked, unexpired session with this token hash, or null. One primary-key lookup. */
export async function findSession(db: D1Database, tokenHash: string, now = Date.now()): Promise<ActiveSession | null> {
  const [row] = await orm(db)
    .select({
      tokenHash: sessions.tokenHash,
      via: sessions.via,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      member: { id: members.id, email: members.email, name: members.name },
    })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

/** Whether a session seen at `lastSeenAt` is due for its expiry to move forward. */
export const sessionNeedsTouch = (lastSeenAt: number, now: number) => now - lastSeenAt >= SESSION_TOUCH_MS;

/**
 * Moves the session's idle expiry to `now` + 14 days, unless another request already did within
 * SESSION_TOUCH_MS (or it was revoked meanwhile). Returns the new expiry, or null if nothing changed.
 */
export async function touchSession(db: D1Database, tokenHash: string, now = Date.now()): Promise<number | null> {
  const expiresAt = now + SESSION_IDLE_MS;
  const updated = await orm(db)
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        lte(sessions.lastSeenAt, now - SESSION_TOUCH_MS),
      ),
    )
    .returning({ expiresAt: sessions.expiresAt });
  return updated.length ? expiresAt : null;
}

/** Revokes one session (sign-out). */
export async function revokeSession(db: D1Database, tokenHash: string, now = Date.now()) {
  await orm(db)
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
}

/** Revokes every session of the person (removed from a site). */
export async function revokeMemberSessions(db: D1Database, memberId: string, now = Date.now()) {
  await orm(db)
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt)));
}

/** Ended sessions are kept this long (when did someone last sign in), then deleted. */
export const ENDED_SESSION_KEPT_MS = 30 * 24 * 60 * 60_000;

/**
 * Deletes sign-in links a day past their expiry and sessions a month after they ended (expired
 * or revoked): neither can sign anyone in any more. Daily, with the retention purge.
 */
export async function purgeSignIns(db: D1Database, now: number): Promise<{ links: number; sessions: number }> {
  const o = orm(db);
  const before = now - ENDED_SESSION_KEPT_MS;
  const [links, ended] = await o.batch([
    o
      .delete(signInLinks)
      .where(lt(signInLinks.expiresAt, now - 24 * 60 * 60_000))
      .returning({ tokenHash: signInLinks.tokenHash }),
    o
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, before), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, before))))
      .returning({ tokenHash: sessions.tokenHash }),
  ]);
  return { links: links.length, sessions: ended.length };
}
