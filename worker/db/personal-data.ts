// One person's data on a site, for the data subject's rights (APPI / GDPR): everything stored
// about them (export) and deleting it (erasure). The person is their contact: found by id or by
// normalised e-mail, always within the key's site.
import { and, asc, eq, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Author } from "../lib/actor.ts";
import type { Orm } from "./orm.ts";
import { contacts, erasures, inquiries, inquiryHistory, leads, mailLog, notifications, submissions } from "./schema.ts";
import { typed } from "./typed-contact.ts";

/** How the caller names the person. */
export type PersonRef = { contactId: string } | { email: string };

/** The contact a PersonRef names on this site, or null. */
export async function findPerson(db: Orm, siteId: string, person: PersonRef) {
  const match = "contactId" in person ? eq(contacts.id, person.contactId) : eq(contacts.email, person.email);
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.siteId, siteId), match))
    .limit(1);
  return row ?? null;
}

const leadIds = (db: Orm, contactId: string) =>
  db.select({ id: leads.id }).from(leads).where(eq(leads.contactId, contactId));
const inquiryIds = (db: Orm, contactId: string) =>
  db.select({ id: inquiries.id }).from(inquiries).where(eq(inquiries.contactId, contactId));

/** The submissions (widget requests) that made or counted on the contact's leads and inquiries. */
const submissionsOf = (db: Orm, siteId: string, contactId: string): SQL =>
  and(
    eq(submissions.siteId, siteId),
    or(
      and(eq(submissions.kind, "lead"), inArray(submissions.recordId, leadIds(db, contactId))),
      and(eq(submissions.kind, "inquiry"), inArray(submissions.recordId, inquiryIds(db, contactId))),
    ),
  )!;

/**
 * Every column of a lead or inquiry, its typed name and company (personal data kept on the record)
 * as the lists show them (db/typed-contact.ts: the contact's for a record with no submission).
 */
const recordColumns = <T extends typeof leads | typeof inquiries>(table: T, name: "leads" | "inquiries") => ({
  ...(getTableColumns(table) as T["_"]["columns"]),
  typedName: typed(name, "name"),
  typedCompany: typed(name, "company"),
});

/** Every row held about one contact, oldest first: leads, inquiries, follow-up history, submissions. */
export async function exportPerson(db: Orm, siteId: string, contactId: string) {
  const [leadRows, inquiryRows, historyRows, submissionRows] = await db.batch([
    db
      .select(recordColumns(leads, "leads"))
      .from(leads)
      .innerJoin(contacts, eq(contacts.id, leads.contactId))
      .where(and(eq(leads.siteId, siteId), eq(leads.contactId, contactId)))
      .orderBy(asc(leads.firstSeenAt), asc(leads.id)),
    db
      .select(recordColumns(inquiries, "inquiries"))
      .from(inquiries)
      .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
      .where(and(eq(inquiries.siteId, siteId), eq(inquiries.contactId, contactId)))
      .orderBy(asc(inquiries.createdAt), asc(inquiries.id)),
    db
      .select()
      .from(inquiryHistory)
      .where(and(eq(inquiryHistory.siteId, siteId), inArray(inquiryHistory.inquiryId, inquiryIds(db, contactId))))
      .orderBy(asc(inquiryHistory.changedAt), asc(inquiryHistory.id)),
    db
      .select()
      .from(submissions)
      .where(submissionsOf(db, siteId, contactId))
      .orderBy(asc(submissions.createdAt), asc(submissions.submissionId)),
  ]);
  return { leads: leadRows, inquiries: inquiryRows, history: historyRows, submissions: submissionRows };
}

export type ErasureRecord = typeof erasures.$inferSelect;

/**
 * Erases one contact with their leads, inquiries, follow-up history and submissions, and
 * records the erasure (counts only), all in one transaction. `contactId` null (nobody found)
 * still records the request, with zero counts: asking twice is harmless and both are on record.
 */
export async function erasePerson(
  db: Orm,
  siteId: string,
  contactId: string | null,
  author: Author,
  now: number,
): Promise<ErasureRecord> {
  const id = crypto.randomUUID();
  const who = contactId ?? "";
  // What goes, table by table; the record counts exactly these rows.
  const rowsOf = {
    submissions: submissionsOf(db, siteId, who),
    history: inArray(inquiryHistory.inquiryId, inquiryIds(db, who)),
    leads: and(eq(leads.siteId, siteId), eq(leads.contactId, who))!,
    inquiries: and(eq(inquiries.siteId, siteId), eq(inquiries.contactId, who))!,
    contacts: and(eq(contacts.siteId, siteId), eq(contacts.id, who))!,
  };
  const count = (table: SQLiteTable, where: SQL) => sql<number>`(SELECT count(*) FROM ${table} WHERE ${where})`;
  // Counted before the deletes, inside the same batch (one transaction), so they match exactly.
  const record = db
    .insert(erasures)
    .values({
      id,
      siteId,
      reason: "request",
      ...author,
      erasedAt: now,
      submissions: count(submissions, rowsOf.submissions),
      history: count(inquiryHistory, rowsOf.history),
      leads: count(leads, rowsOf.leads),
      inquiries: count(inquiries, rowsOf.inquiries),
      contacts: count(contacts, rowsOf.contacts),
    })
    .returning();
  // Notifications about the person's leads and inquiries hold their name and e-mail in the stored
  // payload: they go too (with their deliveries and delivery log, by cascade).
  const aboutThem = db
    .select({ id: leads.id })
    .from(leads)
    .where(rowsOf.leads)
    .union(db.select({ id: inquiries.id }).from(inquiries).where(rowsOf.inquiries));
  // The mail sent to them (auto-replies, download links) is logged under their address. The
  // suppression list keeps a bounced or complaining address on purpose: it is what stops the
  // site from mailing them again.
  const theirAddress = db.select({ email: contacts.email }).from(contacts).where(rowsOf.contacts);
  const [[erasure]] = await db.batch([
    record,
    db.delete(mailLog).where(and(eq(mailLog.siteId, siteId), inArray(mailLog.recipient, theirAddress))),
    db.delete(notifications).where(and(eq(notifications.siteId, siteId), inArray(notifications.subjectId, aboutThem))),
    db.delete(submissions).where(rowsOf.submissions),
    db.delete(inquiryHistory).where(rowsOf.history),
    db.delete(leads).where(rowsOf.leads),
    db.delete(inquiries).where(rowsOf.inquiries),
    db.delete(contacts).where(rowsOf.contacts),
  ]);
  return erasure!;
}
