// Who gets a site's daily digest by mail (sites.digest_mail, docs/notifications.md): its admins
// or every member, with the language of their mail on that site. In the directory database, beside the members.
import type { DIGEST_MAIL } from "../../shared/webhooks.ts";

export interface DigestRecipient {
  id: string;
  email: string;
  /** Null: the site's language. */
  language: "ja" | "en" | null;
}

/** The site's members the digest goes to under `setting` (none when off). */
export async function digestRecipients(
  directory: D1Database,
  siteId: string,
  setting: (typeof DIGEST_MAIL)[number],
): Promise<DigestRecipient[]> {
  if (setting === "off") return [];
  const { results } = await directory
    .prepare(
      `SELECT m.id, m.email, sm.language FROM site_members sm JOIN members m ON m.id = sm.member_id
       WHERE sm.site_id = ?1 AND (?2 = 'everyone' OR sm.role = 'admin') ORDER BY m.email`,
    )
    .bind(siteId, setting)
    .all<DigestRecipient>();
  return results;
}
