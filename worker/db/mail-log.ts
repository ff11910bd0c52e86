// The mail log and the suppression list (migration 0019): the SQL behind worker/mail/send.ts.
// A mail is one row per (kind, mail_key); an attempt claims the row in one UPDATE that also
// applies the suppression list and the caps, so concurrent consumers cannot send it twice or
// exceed a cap between a count and a send.
import { DEFAULT_HOURLY_CAP } from "./autoreplies.ts";

export type MailStatus = "pending" | "sending" | "sent" | "retry" | "failed" | "suppressed" | "capped";

/**
 * What an attempt may send: per recipient's inbox (shared/email.ts mailboxKey) per 24 h and, if
 * given, per site per hour, counting mails of `kinds`.
 */
export interface MailCaps {
  kinds: readonly string[];
  perRecipientDay?: number;
  perSiteHour?: number;
}

/** An attempt older than this while `sending` crashed (the consumer died mid-send): it may be claimed again. */
export const CLAIM_LEASE_MS = 120_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
// What counts toward a cap: mails sent or on their way.
const COUNTED = "('sending', 'sent', 'retry')";

export interface ClaimInput {
  siteId: string;
  kind: string;
  key: string;
  recipient: string;
  /** The inbox `recipient` reaches (mailboxKey): what the per-recipient cap counts. */
  mailbox: string;
  subject: string;
  /** Identifies this attempt: a claim retried after a D1 error finds itself. */
  token: string;
  caps?: MailCaps;
}

/** SQL true when the site (an SQL expression) has suppressed the normalised address `email`. */
function suppressedSql(site: string, email: string): string {
  return `EXISTS (SELECT 1 FROM mail_suppressions s WHERE s.site_id = ${site} AND s.email = ${email})`;
}

/**
 * SQL true when one more mail of `kinds` (a JSON array) would go over a cap: the inbox's mails
 * of the last 24 h, or the site's of the last hour, sent or on their way. Each argument is an SQL
 * expression (a parameter or a column); a cap below 0 is no cap; `except` leaves the mail being
 * claimed out of its own count. The claim and the collector's read share it, so they cannot drift.
 * Each count stops at its cap (LIMIT), so a flood of logged mails costs no more rows.
 */
function capReachedSql(q: {
  site: string;
  mailbox: string;
  kinds: string;
  now: string;
  perRecipientDay: string;
  perSiteHour: string;
  except?: string;
}): string {
  const counted = (where: string, windowMs: number, cap: string) =>
    `(${cap} >= 0 AND (SELECT count(*) FROM (SELECT 1 FROM mail_log o WHERE o.site_id = ${q.site}${where}
       AND o.created_at > ${q.now} - ${windowMs} AND o.kind IN (SELECT value FROM json_each(${q.kinds}))
       AND o.status IN ${COUNTED}${q.except ? ` AND o.id <> ${q.except}` : ""} LIMIT ${cap})) >= ${cap})`;
  return `(${counted(` AND o.mailbox = ${q.mailbox}`, DAY_MS, q.perRecipientDay)}
     OR ${counted("", HOUR_MS, q.perSiteHour)})`;
}

/**
 * One batch: create the row if new, then claim it for this attempt, or mark it suppressed or
 * capped instead. The last statement reads the row's status: `sending` with this token means
 * send now; anything else is the answer.
 */
export function claimStatements(db: D1Database, c: ClaimInput, now: number): D1PreparedStatement[] {
  const kinds = JSON.stringify(c.caps?.kinds ?? []);
  const perRecipient = c.caps?.perRecipientDay ?? -1;
  const perSite = c.caps?.perSiteHour ?? -1;
  return [
    db
      .prepare(
        `INSERT INTO mail_log (id, site_id, kind, mail_key, recipient, mailbox, subject, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) ON CONFLICT (kind, mail_key) DO NOTHING`,
      )
      .bind(crypto.randomUUID(), c.siteId, c.kind, c.key, c.recipient, c.mailbox, c.subject, now),
    db
      .prepare(
        `UPDATE mail_log AS m SET
           status = CASE
             WHEN ${suppressedSql("m.site_id", "m.recipient")} THEN 'suppressed'
             WHEN ${capReachedSql({ site: "m.site_id", mailbox: "m.mailbox", kinds: "?4", now: "?3", perRecipientDay: "?5", perSiteHour: "?6", except: "m.id" })}
               THEN 'capped'
             ELSE 'sending' END,
           claimed_at = ?3, claim_token = ?7, updated_at = ?3
         WHERE m.kind = ?1 AND m.mail_key = ?2
           AND (m.status IN ('pending', 'retry') OR (m.status = 'sending'
             AND (m.claim_token = ?7 OR m.claimed_at < ?3 - ${CLAIM_LEASE_MS})))`,
      )
      .bind(c.kind, c.key, now, kinds, perRecipient, perSite, c.token),
    db
      .prepare("SELECT id, status, attempts, claim_token FROM mail_log WHERE kind = ? AND mail_key = ?")
      .bind(c.kind, c.key),
  ];
}

/**
 * SQL of why a mail would not go out if claimed now, or NULL: the same suppression and caps as
 * claimStatements, with parameters ?1 site, ?2 recipient, ?3 mailbox, ?4 kinds (JSON), ?5 now,
 * ?6 the per-recipient cap and `perSiteHour` (an SQL expression).
 */
function heldSql(perSiteHour: string): string {
  return `CASE WHEN ${suppressedSql("?1", "?2")} THEN 'suppressed'
     WHEN ${capReachedSql({ site: "?1", mailbox: "?3", kinds: "?4", now: "?5", perRecipientDay: "?6", perSiteHour })}
       THEN 'capped' END`;
}

/** Who a mail would go to, for a read of whether it would go out (heldSql). */
interface Recipient {
  siteId: string;
  recipient: string;
  mailbox: string;
}

/**
 * Whether a visitor mail to `recipient` (normalised; `mailbox` its inbox) would go out if claimed
 * now: the same suppression and caps as claimStatements, the site's hourly cap read from its
 * sender identity. Read before a collect answer promises a mail; the claim stays the guard.
 */
export async function visitorMailRoom(
  db: D1Database,
  q: Recipient & { kinds: readonly string[]; perRecipientDay: number },
  now: number,
): Promise<boolean> {
  const row = await db
    .prepare(
      `WITH cap AS (SELECT coalesce((SELECT hourly_cap FROM mail_senders WHERE site_id = ?1), ${DEFAULT_HOURLY_CAP}) AS n)
       SELECT ${heldSql("(SELECT n FROM cap)")} AS held`,
    )
    .bind(q.siteId, q.recipient, q.mailbox, JSON.stringify(q.kinds), now, q.perRecipientDay)
    .first<{ held: string | null }>();
  return row !== null && row.held === null;
}

/**
 * Why a mail under `caps` to `recipient` (normalised; `mailbox` its inbox) would not go out if
 * claimed now (`suppressed`, `capped`), or null when it would. Read before work that only the
 * mail needs, so a request past a cap writes nothing; the claim stays the guard.
 */
export async function mailHeld(
  db: D1Database,
  q: Recipient & { caps: MailCaps },
  now: number,
): Promise<"suppressed" | "capped" | null> {
  const row = await db
    .prepare(`SELECT ${heldSql("?7")} AS held`)
    .bind(
      q.siteId,
      q.recipient,
      q.mailbox,
      JSON.stringify(q.caps.kinds),
      now,
      q.caps.perRecipientDay ?? -1,
      q.caps.perSiteHour ?? -1,
    )
    .first<{ held: "suppressed" | "capped" | null }>();
  return row?.held ?? null;
}

/**
 * Lead `leadId`'s link mails (of `kinds`, keyed by the lead id, or by it and a `/` suffix for a
 * mail again): `last`, when the last one was sent (`now` while one is on its way), null if none
 * was; `leadAt`, when the lead was first seen (null: no such lead); and `settled`, whether the
 * mail again after `last` (key `leadId/<last, else leadAt>`) was logged and will not go out
 * (capped, suppressed, failed): asking for it again sends nothing.
 */
export async function leadLinkMailTimes(
  db: D1Database,
  siteId: string,
  kinds: readonly string[],
  leadId: string,
  now: number,
): Promise<{ last: number | null; leadAt: number | null; settled: boolean }> {
  // The keys `leadId/…` are those between `leadId/` and `leadId0` ('0' follows '/'): one range of the index.
  const row = await db
    .prepare(
      `WITH t AS (
         SELECT (SELECT max(CASE status WHEN 'sent' THEN sent_at ELSE ?4 END) FROM mail_log
                   WHERE kind IN (SELECT value FROM json_each(?1)) AND site_id = ?3 AND status IN ${COUNTED}
                     AND (mail_key = ?2 OR (mail_key > (?2 || '/') AND mail_key < (?2 || '0')))) AS last,
                (SELECT first_seen_at FROM leads WHERE id = ?2 AND site_id = ?3) AS lead_at)
       SELECT last, lead_at, EXISTS (SELECT 1 FROM mail_log WHERE kind IN (SELECT value FROM json_each(?1))
                AND mail_key = ?2 || '/' || coalesce(last, lead_at) AND site_id = ?3 AND status NOT IN ${COUNTED}) AS settled
       FROM t`,
    )
    .bind(JSON.stringify(kinds), leadId, siteId, now)
    .first<{ last: number | null; lead_at: number | null; settled: number }>();
  return { last: row?.last ?? null, leadAt: row?.lead_at ?? null, settled: row?.settled === 1 };
}

/** One recipient's mails of a kind that a cap held back in one clock hour, with their site. */
export interface HeldHour {
  site_id: string;
  recipient: string;
  /** The clock hour (UTC ms / 3,600,000, whole) the mails were held in. */
  hour: number;
  held: number;
  site_name: string;
  site_key: string;
  language: "ja" | "en";
  time_zone: string;
  mail_from: string | null;
  mail_sender: string | null;
}

/** The mail log key of the summary of `held`'s hour (one per site, recipient and hour). */
export const heldSummaryKey = (held: Pick<HeldHour, "site_id" | "recipient" | "hour">) =>
  `held/${held.site_id}/${held.recipient}/${held.hour}`;

/**
 * Mails of `kind` a cap held back in the clock hours of the last day that closed before `now`,
 * per site, recipient and hour, whose summary (a mail of the same kind keyed heldSummaryKey) has
 * not been settled yet: sent, or given up.
 */
export async function heldHours(db: D1Database, kind: string, now: number): Promise<HeldHour[]> {
  const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS;
  const { results } = await db
    .prepare(
      `SELECT h.site_id, h.recipient, CAST(h.claimed_at / ${HOUR_MS} AS INTEGER) AS hour, count(*) AS held,
         s.name AS site_name, s.site_key, s.language, s.time_zone,
         ms.from_address AS mail_from, ms.sender_name AS mail_sender
       FROM mail_log h JOIN sites s ON s.id = h.site_id LEFT JOIN mail_senders ms ON ms.site_id = h.site_id
       WHERE h.kind = ?1 AND h.status = 'capped' AND h.claimed_at >= ?2 - ${DAY_MS} AND h.claimed_at < ?2
       GROUP BY h.site_id, h.recipient, hour
       HAVING NOT EXISTS (SELECT 1 FROM mail_log d WHERE d.kind = ?1
         AND d.mail_key = 'held/' || h.site_id || '/' || h.recipient || '/' || hour
         AND d.status IN ('sent', 'failed', 'suppressed'))`,
    )
    .bind(kind, hourStart)
    .all<HeldHour>();
  return results;
}

export interface ClaimedRow {
  id: string;
  status: MailStatus;
  attempts: number;
  claim_token: string | null;
}

export interface AttemptOutcome {
  status: "sent" | "retry" | "failed" | "suppressed";
  provider: string | null;
  providerId?: string;
  code?: string;
  detail?: string;
  /** Suppress the recipient for the site (bounced, complained). */
  suppress?: "bounced" | "complained";
}

/**
 * Records one attempt's outcome (and the suppression it calls for). Only the attempt that holds
 * the claim writes, so a late one cannot overwrite a newer outcome. Idempotent: safe to retry
 * after a D1 error.
 */
export function attemptOutcomeStatements(
  db: D1Database,
  row: { id: string; siteId: string; recipient: string; token: string },
  outcome: AttemptOutcome,
  now: number,
): D1PreparedStatement[] {
  const writes = [
    db
      .prepare(
        `UPDATE mail_log SET status = ?3, attempts = attempts + 1, provider = ?4, provider_id = ?5, last_code = ?6,
           last_error = ?7, sent_at = CASE WHEN ?3 = 'sent' THEN ?8 END, claimed_at = NULL, claim_token = NULL,
           updated_at = ?8
         WHERE id = ?1 AND claim_token = ?2 AND status = 'sending'`,
      )
      .bind(
        row.id,
        row.token,
        outcome.status,
        outcome.provider,
        outcome.providerId ?? null,
        outcome.code ?? null,
        outcome.detail ?? null,
        now,
      ),
  ];
  if (outcome.suppress) {
    writes.push(
      db
        .prepare(
          `INSERT INTO mail_suppressions (site_id, email, reason, detail, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (site_id, email) DO NOTHING`,
        )
        .bind(row.siteId, row.recipient, outcome.suppress, outcome.code ?? null, now),
    );
  }
  return writes;
}

/** Marks mails still waiting for another attempt as failed (the queue gave up on them). */
export function failWaitingStatement(db: D1Database, kind: string, key: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE mail_log SET status = 'failed', claimed_at = NULL, claim_token = NULL, updated_at = ?3,
         last_error = coalesce(last_error, 'gave up')
       WHERE kind = ?1 AND mail_key = ?2 AND status IN ('pending', 'retry', 'sending')`,
    )
    .bind(kind, key, now);
}

/** As failWaitingStatement, for the mail of `kind` keyed by a notification's subject (the queue gave up on it). */
export function failWaitingOfNotification(db: D1Database, kind: string, notificationId: string, now: number) {
  return db
    .prepare(
      `UPDATE mail_log SET status = 'failed', claimed_at = NULL, claim_token = NULL, updated_at = ?3,
         last_error = coalesce(last_error, 'gave up')
       WHERE kind = ?1 AND mail_key = (SELECT subject_id FROM notifications WHERE id = ?2)
         AND status IN ('pending', 'retry', 'sending')`,
    )
    .bind(kind, notificationId, now);
}

/** Whether a site has suppressed this (normalised) address. */
export async function isSuppressed(db: D1Database, siteId: string, email: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS found FROM mail_suppressions WHERE site_id = ? AND email = ?")
    .bind(siteId, email)
    .first();
  return row !== null;
}

export interface MailLogRow {
  id: string;
  kind: string;
  mail_key: string;
  recipient: string;
  subject: string;
  status: MailStatus;
  attempts: number;
  last_code: string | null;
  last_error: string | null;
  provider: string | null;
  provider_id: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

/** The site's mail log, newest first: `limit` rows created before `before` (ms), of a status or kind if given. */
export async function listMailLog(
  db: D1Database,
  siteId: string,
  q: { limit: number; before?: number; status?: MailStatus; kind?: string },
): Promise<MailLogRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, kind, mail_key, recipient, subject, status, attempts, last_code, last_error, provider, provider_id,
              created_at, updated_at, sent_at
       FROM mail_log WHERE site_id = ?1 AND created_at < ?2 AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR kind = ?4)
       ORDER BY created_at DESC LIMIT ?5`,
    )
    .bind(siteId, q.before ?? Number.MAX_SAFE_INTEGER, q.status ?? null, q.kind ?? null, q.limit)
    .all<MailLogRow>();
  return results;
}
