// The visitor auto-reply's settings (migration 0019): the site's sender identity and footer
// (`mail_senders`), and one row per form kind and resource (`autoreplies`). Read by the team API,
// the CLI and the queue consumer (mail/autoreply.ts).
import { and, asc, eq } from "drizzle-orm";
import type { AutoReply, AutoReplyUpdate, FormKind, MailSender, MailSenderUpdate } from "../../shared/autoreply.ts";
import { orm } from "./orm.ts";
import { autoreplies, mailSenders } from "./schema.ts";

/** A site's hourly cap on visitor mail when it set none. */
export const DEFAULT_HOURLY_CAP = 60;

const EMPTY_SENDER: MailSender = {
  senderName: null,
  fromAddress: null,
  replyTo: null,
  footerSender: null,
  footerContact: null,
  footerOptout: null,
  hourlyCap: DEFAULT_HOURLY_CAP,
};

/** The site's sender identity (all null until set). */
export async function readSender(db: D1Database, siteId: string): Promise<MailSender> {
  const [row] = await orm(db).select().from(mailSenders).where(eq(mailSenders.siteId, siteId)).limit(1);
  if (!row) return { ...EMPTY_SENDER };
  const { siteId: _, updatedAt: __, ...sender } = row;
  return sender;
}

/** Changes the given sender fields (null clears one); returns the whole sender. */
export async function updateSender(db: D1Database, siteId: string, changes: MailSenderUpdate, now = Date.now()) {
  const merged = { ...(await readSender(db, siteId)), ...changes };
  await orm(db)
    .insert(mailSenders)
    .values({ siteId, ...merged, updatedAt: now })
    .onConflictDoUpdate({ target: mailSenders.siteId, set: { ...merged, updatedAt: now } });
  return merged;
}

type Row = typeof autoreplies.$inferSelect;

const present = (row: Row): AutoReply => ({
  formKind: row.formKind,
  resourceId: row.resourceId === "" ? null : row.resourceId,
  enabled: row.enabled === 1,
  ja: { subject: row.subjectJa, text: row.textJa, html: row.htmlJa },
  en: { subject: row.subjectEn, text: row.textEn, html: row.htmlEn },
});

const blank = (formKind: FormKind, resourceId: string | null): AutoReply => ({
  formKind,
  resourceId,
  enabled: false,
  ja: { subject: null, text: null, html: null },
  en: { subject: null, text: null, html: null },
});

/** Every auto-reply row of the site (form kind, then resource; the all-resources row first). */
export async function listAutoReplies(db: D1Database, siteId: string): Promise<AutoReply[]> {
  const rows = await orm(db)
    .select()
    .from(autoreplies)
    .where(eq(autoreplies.siteId, siteId))
    .orderBy(asc(autoreplies.formKind), asc(autoreplies.resourceId));
  return rows.map(present);
}

/** One auto-reply as stored, or a disabled one with the default texts. */
export async function readAutoReply(db: D1Database, siteId: string, formKind: FormKind, resourceId: string | null) {
  const [row] = await orm(db)
    .select()
    .from(autoreplies)
    .where(
      and(
        eq(autoreplies.siteId, siteId),
        eq(autoreplies.formKind, formKind),
        eq(autoreplies.resourceId, resourceId ?? ""),
      ),
    )
    .limit(1);
  return row ? present(row) : blank(formKind, resourceId);
}

/** Applies `update` (null texts: back to the default) to one auto-reply; returns it. */
export async function updateAutoReply(
  db: D1Database,
  siteId: string,
  formKind: FormKind,
  resourceId: string | null,
  update: AutoReplyUpdate,
  now = Date.now(),
): Promise<AutoReply> {
  const current = await readAutoReply(db, siteId, formKind, resourceId);
  const next: AutoReply = {
    ...current,
    enabled: update.enabled ?? current.enabled,
    ja: { ...current.ja, ...update.ja },
    en: { ...current.en, ...update.en },
  };
  const values = {
    enabled: next.enabled ? 1 : 0,
    subjectJa: next.ja.subject,
    textJa: next.ja.text,
    htmlJa: next.ja.html,
    subjectEn: next.en.subject,
    textEn: next.en.text,
    htmlEn: next.en.html,
    updatedAt: now,
  };
  await orm(db)
    .insert(autoreplies)
    .values({ siteId, formKind, resourceId: resourceId ?? "", ...values })
    .onConflictDoUpdate({ target: [autoreplies.siteId, autoreplies.formKind, autoreplies.resourceId], set: values });
  return next;
}

/** Whether any auto-reply of the site is on. */
export async function anyAutoReplyEnabled(db: D1Database, siteId: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS on_ FROM autoreplies WHERE site_id = ? AND enabled = 1 LIMIT 1")
    .bind(siteId)
    .first();
  return row !== null;
}

/**
 * What the consumer needs to answer one submission, in one batch: the sender, and the auto-reply
 * that applies (the resource's own row before the all-resources one).
 */
export function autoReplySourceStatements(db: D1Database, siteId: string, formKind: FormKind, resourceId: string) {
  return [
    db.prepare("SELECT * FROM mail_senders WHERE site_id = ?").bind(siteId),
    db
      .prepare(
        `SELECT * FROM autoreplies WHERE site_id = ? AND form_kind = ? AND resource_id IN (?, '')
         ORDER BY resource_id DESC LIMIT 1`,
      )
      .bind(siteId, formKind, resourceId),
  ];
}

/** The raw rows of autoReplySourceStatements → the sender and the applicable auto-reply (or null). */
export function autoReplySourceFrom(results: D1Result[]): { sender: MailSender; reply: AutoReply | null } {
  const s = results[0]?.results[0] as Record<string, unknown> | undefined;
  const r = results[1]?.results[0] as Record<string, unknown> | undefined;
  const text = (row: Record<string, unknown> | undefined, column: string) => (row?.[column] as string | null) ?? null;
  const sender: MailSender = s
    ? {
        senderName: text(s, "sender_name"),
        fromAddress: text(s, "from_address"),
        replyTo: text(s, "reply_to"),
        footerSender: text(s, "footer_sender"),
        footerContact: text(s, "footer_contact"),
        footerOptout: text(s, "footer_optout"),
        hourlyCap: Number(s.hourly_cap),
      }
    : { ...EMPTY_SENDER };
  const reply: AutoReply | null = r
    ? {
        formKind: r.form_kind as FormKind,
        resourceId: r.resource_id === "" ? null : (r.resource_id as string),
        enabled: r.enabled === 1,
        ja: { subject: text(r, "subject_ja"), text: text(r, "text_ja"), html: text(r, "html_ja") },
        en: { subject: text(r, "subject_en"), text: text(r, "text_en"), html: text(r, "html_en") },
      }
    : null;
  return { sender, reply };
}
