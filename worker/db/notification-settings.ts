// A site's notification settings (columns of `sites`, migration 0009), read and changed by the team API.
import { eq } from "drizzle-orm";
import type { DIGEST_MAIL, LANGUAGES, NOTIFY_LEADS } from "../../shared/webhooks.ts";
import { orm } from "./orm.ts";
import { sites } from "./schema.ts";

export interface NotificationSettings {
  language: (typeof LANGUAGES)[number];
  notifyLeads: (typeof NOTIFY_LEADS)[number];
  stallAfterMinutes: number;
  timeZone: string;
  notificationEmail: string | null;
  digestMail: (typeof DIGEST_MAIL)[number];
}

const columns = {
  language: sites.language,
  notifyLeads: sites.notifyLeads,
  stallAfterMinutes: sites.stallAfterMinutes,
  timeZone: sites.timeZone,
  notificationEmail: sites.notificationEmail,
  digestMail: sites.digestMail,
};

/** The site's settings. */
export async function readNotificationSettings(db: D1Database, siteId: string): Promise<NotificationSettings> {
  const [row] = await orm(db).select(columns).from(sites).where(eq(sites.id, siteId));
  if (!row) throw new Error(`site ${siteId} not found`);
  return row;
}

/** Changes the given settings; returns them all. */
export async function updateNotificationSettings(
  db: D1Database,
  siteId: string,
  changes: Partial<Omit<NotificationSettings, "timeZone">>,
): Promise<NotificationSettings> {
  if (Object.keys(changes).length === 0) return readNotificationSettings(db, siteId);
  const [row] = await orm(db).update(sites).set(changes).where(eq(sites.id, siteId)).returning(columns);
  if (!row) throw new Error(`site ${siteId} not found`);
  return row;
}
