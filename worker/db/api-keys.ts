// A site's API keys: stored by hash only, named, scoped (`read` / `write`), revocable, and
// stamped with their last use. Used by the API-key middleware and by the management CLI.
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Site } from "../env.ts";
import { orm } from "./orm.ts";
import { apiKeys, sites } from "./schema.ts";
import { siteFromRecord } from "./sites.ts";

export type KeyScope = (typeof apiKeys.scope.enumValues)[number];
export const KEY_SCOPES = apiKeys.scope.enumValues;

/** An unrevoked key as the middleware needs it: which key, what it may do, which site. */
export interface ActiveKey {
  id: string;
  scope: KeyScope;
  lastUsedAt: number | null;
  site: Site;
}

/** The key with this hash, revoked or not, with its site, or null. One indexed lookup. */
export async function findKey(db: D1Database, keyHash: string): Promise<(ActiveKey & { revoked: boolean }) | null> {
  const [row] = await orm(db)
    .select({ key: apiKeys, site: sites })
    .from(apiKeys)
    .innerJoin(sites, eq(sites.id, apiKeys.siteId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  if (!row) return null;
  const { key, site } = row;
  return {
    id: key.id,
    scope: key.scope,
    lastUsedAt: key.lastUsedAt,
    site: siteFromRecord(site),
    revoked: key.revokedAt !== null,
  };
}

/** The unrevoked key with this hash, with its site, or null. */
export async function findActiveKey(db: D1Database, keyHash: string): Promise<ActiveKey | null> {
  const key = await findKey(db, keyHash);
  if (!key || key.revoked) return null;
  const { revoked: _, ...active } = key;
  return active;
}

/** Sets `last_used_at`, unless another request already set it within `minIntervalMs`. */
export async function touchApiKey(db: D1Database, keyId: string, now: number, minIntervalMs: number) {
  await orm(db)
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - minIntervalMs))));
}

/** Stores a new key by its hash; returns the key's id (public, used to list and revoke it). */
export async function insertApiKey(
  db: D1Database,
  key: { siteId: string; keyHash: string; name: string; scope: KeyScope },
  now = Date.now(),
): Promise<string> {
  const id = crypto.randomUUID();
  await orm(db)
    .insert(apiKeys)
    .values({ id, siteId: key.siteId, keyHash: key.keyHash, label: key.name, scope: key.scope, createdAt: now });
  return id;
}

export interface KeyListing {
  id: string;
  name: string;
  scope: KeyScope;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A site's keys, newest first, revoked ones included (they say when). Never the hash. */
export function listApiKeys(db: D1Database, siteId: string): Promise<KeyListing[]> {
  return orm(db)
    .select({
      id: apiKeys.id,
      name: apiKeys.label,
      scope: apiKeys.scope,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.siteId, siteId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * Revokes one of the site's keys, named by its id or by its hash (for a leaked secret).
 * Returns what happened, so the caller can tell "no such key" from "already revoked".
 */
export async function revokeApiKey(
  db: D1Database,
  siteId: string,
  key: { id: string } | { keyHash: string },
  now = Date.now(),
): Promise<"revoked" | "already_revoked" | "not_found"> {
  const match = "id" in key ? eq(apiKeys.id, key.id) : eq(apiKeys.keyHash, key.keyHash);
  const [row] = await orm(db)
    .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.siteId, siteId), match));
  if (!row) return "not_found";
  if (row.revokedAt !== null) return "already_revoked";
  await orm(db).update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, row.id));
  return "revoked";
}
