import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { activityQueries, contactQuery } from "./contact-activity.ts";
import { inquiryColumns } from "./inquiry-list.ts";
import type { Orm } from "./orm.ts";
import { apiKeys, contacts, inquiries, inquiryHistory, members, siteMembers } from "./schema.ts";

/** The inquiry row of `inquiryId` on this site (with its contact), or nothing. */
export const inquiryQuery = (db: Orm, siteId: string, inquiryId: string) =>
  db
    .select(inquiryColumns)
    .from(inquiries)
    .innerJoin(contacts, eq(contacts.id, inquiries.contactId))
    .where(and(eq(inquiries.id, inquiryId), eq(inquiries.siteId, siteId)))
    .limit(1);

/** Every follow-up change of the inquiry, oldest first, with the key, member or routing rule that made it. */
export const historyQuery = (db: Orm, siteId: string, inquiryId: string) =>
  db
    .select({
      field: inquiryHistory.field,
      from: inquiryHistory.fromValue,
      to: inquiryHistory.toValue,
      at: inquiryHistory.changedAt,
      keyId: inquiryHistory.apiKeyId,
      keyName: apiKeys.label,
      memberId: inquiryHistory.memberId,
      memberEmail: members.email,
      // The site's name for them (site_members); someone since removed from the site shows as their e-mail.
      memberName: siteMembers.name,
      ruleId: inquiryHistory.ruleId,
      ruleNumber: inquiryHistory.ruleNumber,
    })
    .from(inquiryHistory)
    .leftJoin(apiKeys, eq(apiKeys.id, inquiryHistory.apiKeyId))
    .leftJoin(members, eq(members.id, inquiryHistory.memberId))
    .leftJoin(
      siteMembers,
      and(eq(siteMembers.memberId, inquiryHistory.memberId), eq(siteMembers.siteId, inquiryHistory.siteId)),
    )
    .where(and(eq(inquiryHistory.inquiryId, inquiryId), eq(inquiryHistory.siteId, siteId)))
    // rowid: the order of insertion, so the fields of one PATCH keep the order they were written in.
    .orderBy(asc(inquiryHistory.changedAt), sql`${inquiryHistory}.rowid`);

const inquiryContact = alias(inquiries, "detail_inquiry");

/**
 * The inquiry, its contact (with grade), the contact's leads and inquiries (the timeline) and the
 * follow-up history. The other statements find the contact through the inquiry, so all run at
 * once: the inquiry by itself (Drizzle's D1 batch maps rows by column name, and the inquiry's and
 * contact's `id` would collide there), the rest in one batch. Null when the site has no such inquiry.
 */
export async function getInquiryDetail(db: Orm, siteId: string, inquiryId: string, now: number) {
  const contactId = db
    .select({ id: inquiryContact.contactId })
    .from(inquiryContact)
    .where(and(eq(inquiryContact.id, inquiryId), eq(inquiryContact.siteId, siteId)));
  const [leadRows, inquiryRows] = activityQueries(db, siteId, contactId);
  const [[inquiry], [[contact], leads, inquiriesOfContact, history]] = await Promise.all([
    inquiryQuery(db, siteId, inquiryId),
    db.batch([contactQuery(db, siteId, contactId, now), leadRows, inquiryRows, historyQuery(db, siteId, inquiryId)]),
  ]);
  if (!inquiry || !contact) return null;
  return { inquiry, contact, leads, inquiries: inquiriesOfContact, history };
}
