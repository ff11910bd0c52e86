// The resources registry: per site, what a resource id the host page sends stands for (title,
// file) and how the file reaches the visitor (page or mail, with the mailed link's lifetime and
// uses). Managed by the team API (routes/resources.ts) and the CLI; read by the queue consumer
// when it mails a link, by the link route, and (the ids delivered by mail) with the site. They
// are the site's settings, kept beside its row: in the directory database (db/handle.ts).
import { and, asc, eq, sql } from "drizzle-orm";
import { RESOURCE_LIMITS, type ResourceDelivery } from "../../shared/resources.ts";
import { orm } from "./orm.ts";
import { resources, sites } from "./schema.ts";

export type ResourceRecord = typeof resources.$inferSelect;

export interface ResourceSettings {
  title: string;
  fileUrl: string;
  delivery?: ResourceDelivery;
  linkDays?: number;
  linkUses?: number;
}

/** The site's resources, by id. */
export function listResources(db: D1Database, siteId: string): Promise<ResourceRecord[]> {
  return orm(db).select().from(resources).where(eq(resources.siteId, siteId)).orderBy(asc(resources.resourceId));
}

/** One of the site's resources, or null. */
export async function findResource(db: D1Database, siteId: string, resourceId: string): Promise<ResourceRecord | null> {
  const [row] = await orm(db)
    .select()
    .from(resources)
    .where(and(eq(resources.siteId, siteId), eq(resources.resourceId, resourceId)));
  return row ?? null;
}

/**
 * Creates or replaces a resource (fields not given take their defaults); `created` tells which.
 * One statement: the upsert is the database's, and `created_at` survives a replacement.
 */
export async function putResource(
  db: D1Database,
  siteId: string,
  resourceId: string,
  settings: ResourceSettings,
  now = Date.now(),
): Promise<{ resource: ResourceRecord; created: boolean }> {
  const values = {
    title: settings.title,
    fileUrl: settings.fileUrl,
    delivery: settings.delivery ?? "page",
    linkDays: settings.linkDays ?? RESOURCE_LIMITS.linkDays.default,
    linkUses: settings.linkUses ?? RESOURCE_LIMITS.linkUses.default,
    updatedAt: now,
  };
  const [row] = await orm(db)
    .insert(resources)
    .values({ siteId, resourceId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [resources.siteId, resources.resourceId], set: values })
    .returning();
  if (!row) throw new Error("resource upsert returned nothing");
  return { resource: row, created: row.createdAt === now && row.updatedAt === now };
}

/** Removes a resource from the registry (its leads stay); false if the site had none with this id. */
export async function removeResource(db: D1Database, siteId: string, resourceId: string): Promise<boolean> {
  const rows = await orm(db)
    .delete(resources)
    .where(and(eq(resources.siteId, siteId), eq(resources.resourceId, resourceId)))
    .returning({ id: resources.resourceId });
  return rows.length > 0;
}

/** The ids of the site's resources delivered by mail, by id. */
export async function mailedResourceIds(db: D1Database, siteId: string): Promise<string[]> {
  const rows = await orm(db)
    .select({ id: resources.resourceId })
    .from(resources)
    .where(and(eq(resources.siteId, siteId), eq(resources.delivery, "mail")))
    .orderBy(asc(resources.resourceId));
  return rows.map((r) => r.id);
}

/**
 * The ids of a site's resources delivered by mail, as a JSON array, for the site row's read
 * (db/sites.ts): the collect path learns them with the site it already caches.
 */
export const mailResourcesSql = sql<string>`(SELECT json_group_array(${resources.resourceId}) FROM ${resources}
  WHERE ${resources.siteId} = ${sites.id} AND ${resources.delivery} = 'mail')`;

/**
 * A site's registered file URLs, as a JSON object by resource id, for the same read: a lead form
 * without a link of its own on the page gets its file from the collector's answer.
 */
export const resourceFilesSql = sql<string>`(SELECT json_group_object(${resources.resourceId}, ${resources.fileUrl})
  FROM ${resources} WHERE ${resources.siteId} = ${sites.id})`;
