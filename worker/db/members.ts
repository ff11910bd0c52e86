// People who sign in, and their role on each site. One `members` row per person (by normalised
// e-mail), so an agency's staff member signs in once and switches between client sites. What a
// site calls them, their Slack user id and their mail language are on their `site_members` row:
// each site's admins set and see only their own (docs/dashboard-sign-in.md, "Members and roles").
// Used by the session middleware, /v1/me, /v1/members and the CLI's `members` commands.
import { and, asc, eq, ne, or, sql } from "drizzle-orm";
import type { MemberRole } from "../../shared/members.ts";
import type { Site } from "../env.ts";
import { orm } from "./orm.ts";
import { members, siteMembers, sites } from "./schema.ts";
import { revokeMemberSessions } from "./sessions.ts";
import { siteFromRecord } from "./sites.ts";

/** A member of one site, with their role there. */
export interface SiteMember {
  id: string;
  email: string;
  name: string | null;
  role: MemberRole;
  createdAt: number;
  slackUserId: string | null;
  language: "ja" | "en" | null;
}

const siteMemberColumns = {
  id: members.id,
  email: members.email,
  name: siteMembers.name,
  role: siteMembers.role,
  createdAt: siteMembers.createdAt,
  slackUserId: siteMembers.slackUserId,
  language: siteMembers.language,
};

/**
 * Adds the person with `email` (already normalised) to the site with `role` and `name` (this site's
 * name for them), creating the person if they are new. Someone already on other sites keeps
 * everything those sites set. `added` is false when they were already a member of the site:
 * nothing changes then, their role and name stay as they were.
 */
export async function addSiteMember(
  db: D1Database,
  siteId: string,
  person: { email: string; name?: string; role: MemberRole },
  now = Date.now(),
): Promise<{ member: SiteMember; added: boolean }> {
  const o = orm(db);
  const name = person.name?.trim() || null;
  const [, joined] = await o.batch([
    o
      .insert(members)
      .values({ id: crypto.randomUUID(), email: person.email, name, createdAt: now })
      .onConflictDoNothing(),
    o
      .insert(siteMembers)
      .select(
        o
          .select({
            siteId: sql<string>`${siteId}`.as("site_id"),
            memberId: members.id,
            role: sql<MemberRole>`${person.role}`.as("role"),
            createdAt: sql<number>`${now}`.as("created_at"),
            name: sql<string | null>`${name}`.as("name"),
            slackUserId: sql<string | null>`NULL`.as("slack_user_id"),
            language: sql<"ja" | "en" | null>`NULL`.as("language"),
          })
          .from(members)
          .where(eq(members.email, person.email)),
      )
      .onConflictDoNothing()
      .returning({ memberId: siteMembers.memberId }),
  ]);
  const member = await findSiteMember(db, siteId, { email: person.email });
  return { member: member!, added: joined.length === 1 };
}

/** The site's members, by e-mail. */
export function listSiteMembers(db: D1Database, siteId: string): Promise<SiteMember[]> {
  return orm(db)
    .select(siteMemberColumns)
    .from(siteMembers)
    .innerJoin(members, eq(members.id, siteMembers.memberId))
    .where(eq(siteMembers.siteId, siteId))
    .orderBy(asc(members.email));
}

/**
 * One member of the site by id or by (normalised) e-mail, or undefined (also for a person who
 * is only a member of other sites).
 */
export async function findSiteMember(
  db: D1Database,
  siteId: string,
  who: { id: string } | { email: string },
): Promise<SiteMember | undefined> {
  const [row] = await orm(db)
    .select(siteMemberColumns)
    .from(siteMembers)
    .innerJoin(members, eq(members.id, siteMembers.memberId))
    .where(and(eq(siteMembers.siteId, siteId), "id" in who ? eq(members.id, who.id) : eq(members.email, who.email)))
    .limit(1);
  return row;
}

/** What a role change or removal did: done, no such member on the site, or refused (last admin). */
export type MembershipChange = "done" | "not_found" | "last_admin";

/**
 * The guard that keeps a site from losing its last admin, inside the changing statement itself
 * (two admins demoting each other at once cannot both pass a separate read).
 */
const keepsAnAdmin = (siteId: string) =>
  or(
    ne(siteMembers.role, "admin"),
    sql`(SELECT count(*) FROM ${siteMembers} WHERE ${siteMembers.siteId} = ${siteId} AND ${siteMembers.role} = 'admin') > 1`,
  );

/** Why a guarded change wrote nothing: the member is not on the site, or is its last admin. */
async function unchangedBecause(db: D1Database, siteId: string, memberId: string): Promise<MembershipChange> {
  return (await findSiteMember(db, siteId, { id: memberId })) ? "last_admin" : "not_found";
}

/** Changes a member's role on the site; the last admin cannot become anything else. */
export async function setSiteMemberRole(
  db: D1Database,
  siteId: string,
  memberId: string,
  role: MemberRole,
): Promise<MembershipChange> {
  const updated = await orm(db)
    .update(siteMembers)
    .set({ role })
    .where(
      and(
        eq(siteMembers.siteId, siteId),
        eq(siteMembers.memberId, memberId),
        role === "admin" ? undefined : keepsAnAdmin(siteId),
      ),
    )
    .returning({ memberId: siteMembers.memberId });
  return updated.length === 1 ? "done" : unchangedBecause(db, siteId, memberId);
}

/**
 * Removes the member from the site and revokes every session of theirs, so a browser signed in
 * before is signed out at once (they sign in again for the sites they still work on). The last
 * admin cannot be removed; nothing else changes then, nor for someone who is not a member.
 */
export async function removeSiteMember(
  db: D1Database,
  siteId: string,
  memberId: string,
  now = Date.now(),
): Promise<MembershipChange> {
  const removed = await orm(db)
    .delete(siteMembers)
    .where(and(eq(siteMembers.siteId, siteId), eq(siteMembers.memberId, memberId), keepsAnAdmin(siteId)))
    .returning({ memberId: siteMembers.memberId });
  if (removed.length === 0) return unchangedBecause(db, siteId, memberId);
  await revokeMemberSessions(db, memberId, now);
  return "done";
}

/**
 * The person with this (normalised) e-mail when they are a member of at least one site, else
 * undefined: Cloudflare Access signs people in by e-mail, and someone removed from every site
 * must not be signed in by it.
 */
export async function findMemberByEmail(db: D1Database, email: string) {
  const [row] = await orm(db)
    .select({ id: members.id, email: members.email, name: members.name })
    .from(members)
    .innerJoin(siteMembers, eq(siteMembers.memberId, members.id))
    .where(eq(members.email, email))
    .limit(1);
  return row;
}

/** The sites the person may open, with their role on each, by site name (GET /v1/me). */
export function memberSites(db: D1Database, memberId: string) {
  return orm(db)
    .select({ siteKey: sites.siteKey, name: sites.name, role: siteMembers.role, timeZone: sites.timeZone })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(eq(siteMembers.memberId, memberId))
    .orderBy(asc(sites.name), asc(sites.siteKey));
}

/** The site with this public key and the person's role on it, or null if they are not its member. */
export async function siteMembership(
  db: D1Database,
  memberId: string,
  siteKey: string,
): Promise<{ site: Site; role: MemberRole } | null> {
  const [row] = await orm(db)
    .select({ site: sites, role: siteMembers.role })
    .from(sites)
    .innerJoin(siteMembers, and(eq(siteMembers.siteId, sites.id), eq(siteMembers.memberId, memberId)))
    .where(eq(sites.siteKey, siteKey))
    .limit(1);
  return row ? { site: siteFromRecord(row.site), role: row.role } : null;
}

/**
 * Sets a member's Slack user id and mail language on this site (only the given ones; null clears);
 * their other sites keep theirs. False if they are not on `siteId`.
 */
export async function setMemberContact(
  db: D1Database,
  siteId: string,
  memberId: string,
  changes: { slackUserId?: string | null; language?: "ja" | "en" | null },
): Promise<boolean> {
  if (changes.slackUserId === undefined && changes.language === undefined) {
    return (await findSiteMember(db, siteId, { id: memberId })) !== undefined;
  }
  const updated = await orm(db)
    .update(siteMembers)
    .set(changes)
    .where(and(eq(siteMembers.siteId, siteId), eq(siteMembers.memberId, memberId)))
    .returning({ memberId: siteMembers.memberId });
  return updated.length === 1;
}
