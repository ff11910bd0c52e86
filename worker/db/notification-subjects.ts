// What notifications say: the inquiry or lead with its contact and the contact's earlier
// downloads, the inquiries waiting for an answer, and the sites that have somewhere to send to.
import { typedSql } from "./typed-contact.ts";

/** An inquiry or lead row with its contact's columns (contact_email, contact_name, contact_company, contact_verified_at). */
export type SubjectRow = Record<string, unknown>;

/** Resources the contact downloaded before `before` (oldest first). */
export interface EarlierDownload {
  resource_id: string;
  first_seen_at: number;
  download_count: number;
}

/** The contact's e-mail, the name and company typed with the record `r` (db/typed-contact.ts), when the address was verified. */
const withContact = (r: string) =>
  `c.email AS contact_email, ${typedSql(`${r}.id`, "name", "c.name")} AS contact_name,
   ${typedSql(`${r}.id`, "company", "c.company")} AS contact_company, c.email_verified_at AS contact_verified_at`;

/**
 * Reads the subject of notification `notificationId` (an inquiry or a lead, with its contact) and
 * the contact's downloads before it: four statements for the consumer's first batch, of which the
 * two of the other kind find nothing. Read them back with `subjectFrom`.
 */
export function selectSubject(db: D1Database, notificationId: string): D1PreparedStatement[] {
  const subjectOf = (event: string) => `(SELECT subject_id FROM notifications WHERE id = ?1 AND event = '${event}')`;
  return [
    `SELECT i.*, ${withContact("i")} FROM inquiries i JOIN contacts c ON c.id = i.contact_id
     WHERE i.id = ${subjectOf("inquiry.created")}`,
    `SELECT l.resource_id, l.first_seen_at, l.download_count FROM inquiries i
     JOIN leads l ON l.contact_id = i.contact_id AND l.first_seen_at <= i.created_at
     WHERE i.id = ${subjectOf("inquiry.created")} ORDER BY l.first_seen_at LIMIT 20`,
    `SELECT l.*, ${withContact("l")} FROM leads l JOIN contacts c ON c.id = l.contact_id
     WHERE l.id = ${subjectOf("lead.created")}`,
    `SELECT o.resource_id, o.first_seen_at, o.download_count FROM leads l
     JOIN leads o ON o.contact_id = l.contact_id AND o.first_seen_at <= l.first_seen_at AND o.id <> l.id
     WHERE l.id = ${subjectOf("lead.created")} ORDER BY o.first_seen_at LIMIT 20`,
  ].map((sql) => db.prepare(sql).bind(notificationId));
}

/** The subject row and earlier downloads from the results of `selectSubject`'s statements. */
export function subjectFrom(
  results: (D1Result | undefined)[],
): { row: SubjectRow; downloads: EarlierDownload[] } | null {
  for (const at of [0, 2]) {
    const row = results[at]?.results[0] as SubjectRow | undefined;
    if (row) return { row, downloads: (results[at + 1]?.results ?? []) as EarlierDownload[] };
  }
  return null;
}

/** A site the crons work for: enabled, with at least one enabled webhook or the digest by mail on. */
export interface NotifiedSite {
  id: string;
  site_key: string;
  name: string;
  time_zone: string;
  language: "ja" | "en";
  stall_after_minutes: number;
  /** 1: an enabled webhook (stall reminders go there); 0: only the digest by mail. */
  has_webhook: number;
  digest_mail: "off" | "admins" | "everyone";
}

/** Every site with somewhere to send to. */
export async function notifiedSites(db: D1Database): Promise<NotifiedSite[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT s.id, s.site_key, s.name, s.time_zone, s.language, s.stall_after_minutes, s.digest_mail,
           EXISTS (SELECT 1 FROM webhooks w WHERE w.site_id = s.id AND w.disabled_at IS NULL) AS has_webhook
         FROM sites s WHERE s.disabled_at IS NULL)
       WHERE has_webhook = 1 OR digest_mail <> 'off'`,
    )
    .all<NotifiedSite>();
  return results;
}

/** An inquiry still `new`, with its contact. */
export interface WaitingInquiry {
  id: string;
  kind: string;
  message: string;
  created_at: number;
  contact_email: string;
  contact_name: string | null;
  contact_company: string | null;
}

/**
 * The site's inquiries still `new` that arrived in [from, to), oldest first; with
 * `withoutReminder`, only those that have had no stall reminder yet.
 */
export async function waitingInquiries(
  db: D1Database,
  siteId: string,
  from: number,
  to: number,
  options: { withoutReminder?: boolean; limit?: number } = {},
): Promise<WaitingInquiry[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, i.kind, i.message, i.created_at, ${withContact("i")}
       FROM inquiries i JOIN contacts c ON c.id = i.contact_id
       WHERE i.site_id = ?1 AND i.created_at >= ?2 AND i.created_at < ?3 AND i.status = 'new'
         AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM notifications n
              WHERE n.site_id = ?1 AND n.event = 'inquiry.stalled' AND n.subject_id = i.id))
       ORDER BY i.created_at LIMIT ?5`,
    )
    .bind(siteId, from, to, options.withoutReminder ? 1 : 0, options.limit ?? 100)
    .all<WaitingInquiry>();
  return results;
}
