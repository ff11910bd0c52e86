import type { Site } from "../env.ts";

interface SiteRow {
  id: string;
  site_key: string;
  name: string;
  allowed_origins: string;
  disabled_at: number | null;
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    siteKey: row.site_key,
    name: row.name,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    disabled: row.disabled_at !== null,
  };
}

const SITE_COLUMNS = "s.id, s.site_key, s.name, s.allowed_origins, s.disabled_at";

/** The site with this public key, or null. */
export async function findSiteByKey(db: D1Database, siteKey: string): Promise<Site | null> {
  const row = await db
    .prepare(`SELECT ${SITE_COLUMNS} FROM sites s WHERE s.site_key = ?`)
    .bind(siteKey)
    .first<SiteRow>();
  return row ? toSite(row) : null;
}

/** The site an unrevoked API key (given by its hash) belongs to, or null. */
export async function findSiteByApiKeyHash(db: D1Database, keyHash: string): Promise<Site | null> {
  const row = await db
    .prepare(
      `SELECT ${SITE_COLUMNS} FROM api_keys k JOIN sites s ON s.id = k.site_id
       WHERE k.key_hash = ? AND k.revoked_at IS NULL`,
    )
    .bind(keyHash)
    .first<SiteRow>();
  return row ? toSite(row) : null;
}

export interface NewSite {
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  disabled?: boolean;
}

/** Creates a site; returns its id. */
export async function createSite(db: D1Database, site: NewSite, now = Date.now()): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .prepare(
      "INSERT INTO sites (id, site_key, name, allowed_origins, disabled_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id, site.siteKey, site.name, JSON.stringify(site.allowedOrigins), site.disabled ? now : null, now)
    .run();
  return id;
}

/** Stores an API key for a site by its hash only. */
export async function createApiKey(db: D1Database, siteId: string, keyHash: string, label: string, now = Date.now()) {
  await db
    .prepare("INSERT INTO api_keys (id, site_id, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(crypto.randomUUID(), siteId, keyHash, label, now)
    .run();
}
