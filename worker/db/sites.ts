// Sites: who may collect (public key, allowed origins, disabled) and their settings (name, time
// zone). Read on the collect path (cached per isolate, db/site-cache.ts) and managed by the CLI.
import { asc, eq } from "drizzle-orm";
import type { Site } from "../env.ts";
import { orm } from "./orm.ts";
import { mailResourcesSql, resourceFilesSql } from "./resources.ts";
import { sites } from "./schema.ts";

export type SiteRecord = typeof sites.$inferSelect;

/** A `sites` row → the Site the worker uses on every request. */
export function siteFromRecord(row: SiteRecord): Site {
  return {
    id: row.id,
    siteKey: row.siteKey,
    name: row.name,
    allowedOrigins: JSON.parse(row.allowedOrigins) as string[],
    disabled: row.disabledAt !== null,
    fullUrls: row.fullUrls === 1,
    timeZone: row.timeZone,
    formAnalytics: row.formAnalytics === 1,
    // Both or neither: the CLI sets them together (a key without its secret could not verify).
    ...(row.turnstileSiteKey && row.turnstileSecret
      ? { turnstile: { siteKey: row.turnstileSiteKey, secret: row.turnstileSecret } }
      : {}),
  };
}

/** The whole row of the site with this public key (settings included), or null. */
export async function findSiteRecord(db: D1Database, siteKey: string): Promise<SiteRecord | null> {
  const [row] = await orm(db).select().from(sites).where(eq(sites.siteKey, siteKey)).limit(1);
  return row ?? null;
}

/**
 * The site with this public key, or null, with the ids of its resources delivered by mail and the
 * file URLs of all its resources (one read: the collect path caches it per isolate, db/site-cache.ts).
 */
export async function findSiteByKey(db: D1Database, siteKey: string): Promise<Site | null> {
  const [row] = await orm(db)
    .select({ site: sites, mailResources: mailResourcesSql, resourceFiles: resourceFilesSql })
    .from(sites)
    .where(eq(sites.siteKey, siteKey))
    .limit(1);
  if (!row) return null;
  return {
    ...siteFromRecord(row.site),
    mailResources: JSON.parse(row.mailResources) as string[],
    // A Map: a resource id the visitor's request names (`constructor`, `__proto__`) finds nothing
    // but a registered file.
    resourceFiles: new Map(Object.entries(JSON.parse(row.resourceFiles) as Record<string, string>)),
  };
}

/** The origins a site's forms may post from (its allow-list), or none for an unknown site. */
export async function siteOrigins(db: D1Database, siteId: string): Promise<string[]> {
  const [row] = await orm(db).select({ origins: sites.allowedOrigins }).from(sites).where(eq(sites.id, siteId));
  return row ? (JSON.parse(row.origins) as string[]) : [];
}

/** Every site, oldest first. */
export function listSites(db: D1Database): Promise<SiteRecord[]> {
  return orm(db).select().from(sites).orderBy(asc(sites.createdAt), asc(sites.id));
}

export interface NewSite {
  siteKey: string;
  name: string;
  allowedOrigins: string[];
  disabled?: boolean;
  /** IANA zone; the database default (Asia/Tokyo) when absent. */
  timeZone?: string;
}

/** Creates a site; returns its id. */
export async function createSite(db: D1Database, site: NewSite, now = Date.now()): Promise<string> {
  const id = crypto.randomUUID();
  await orm(db)
    .insert(sites)
    .values({
      id,
      siteKey: site.siteKey,
      name: site.name,
      allowedOrigins: JSON.stringify(site.allowedOrigins),
      disabledAt: site.disabled ? now : null,
      createdAt: now,
      ...(site.timeZone ? { timeZone: site.timeZone } : {}),
    });
  return id;
}

export interface SiteChanges {
  name?: string;
  timeZone?: string;
  allowedOrigins?: string[];
  disabled?: boolean;
  /** How long personal data is kept (1–120 months; see db/retention.ts). */
  retentionMonths?: number;
  /** Keep pageUrl, referrer and the other stored URLs whole (see lib/url-policy.ts). */
  fullUrls?: boolean;
  /** Cloudflare Turnstile's site key and secret; null turns Turnstile off. */
  turnstile?: { siteKey: string; secret: string } | null;
  /** Form analytics (docs/analytics.md): whether the widget counts views, starts and abandons. */
  formAnalytics?: boolean;
}

/** Changes a site's settings; only the given fields. */
export async function updateSite(db: D1Database, siteId: string, changes: SiteChanges, now = Date.now()) {
  const { name, timeZone, allowedOrigins, disabled, retentionMonths, fullUrls, turnstile, formAnalytics } = changes;
  await orm(db)
    .update(sites)
    .set({
      ...(name !== undefined ? { name } : {}),
      ...(timeZone !== undefined ? { timeZone } : {}),
      ...(allowedOrigins !== undefined ? { allowedOrigins: JSON.stringify(allowedOrigins) } : {}),
      ...(disabled !== undefined ? { disabledAt: disabled ? now : null } : {}),
      ...(retentionMonths !== undefined ? { retentionMonths } : {}),
      ...(fullUrls !== undefined ? { fullUrls: fullUrls ? 1 : 0 } : {}),
      ...(turnstile !== undefined
        ? { turnstileSiteKey: turnstile?.siteKey ?? null, turnstileSecret: turnstile?.secret ?? null }
        : {}),
      ...(formAnalytics !== undefined ? { formAnalytics: formAnalytics ? 1 : 0 } : {}),
    })
    .where(eq(sites.id, siteId));
}
