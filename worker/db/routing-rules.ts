// Routing rules (migration 0021): the site's ordered list, managed by the team API and the CLI,
// and the statements with which the queue consumer assigns an inquiry by a rule exactly once.
import { and, asc, eq, inArray, isNull, max, sql } from "drizzle-orm";
import type { RoutingAction, RoutingConditions } from "../../shared/routing.ts";
import type { MatchableRule } from "../routing/match.ts";
import { type BatchRead, mapRead, preparedRead, readsTogether, rowRead, rowsRead } from "./batch-read.ts";
import { orm } from "./orm.ts";
import { members, notifications, routingRules, siteMembers } from "./schema.ts";

export type RoutingRuleRow = typeof routingRules.$inferSelect;

/** A rule row as the matcher takes it: its number is its place in the list (1 = first). */
export const matchableRule = (row: RoutingRuleRow, number: number): MatchableRule => ({
  id: row.id,
  position: number,
  conditions: row.conditions,
  action: row.action,
  memberIds: row.memberIds,
  businessHoursOnly: row.businessHoursOnly === 1,
});

/** The site's rules in order (first match wins). */
export function listRoutingRules(db: D1Database, siteId: string): Promise<RoutingRuleRow[]> {
  return orm(db)
    .select()
    .from(routingRules)
    .where(eq(routingRules.siteId, siteId))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
}

/** The people behind member ids (also those who left the site: the rule still lists them), and who is on the site. */
export async function ruleMembers(db: D1Database, siteId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; email: string; name: string | null; onSite: boolean }>();
  const rows = await orm(db)
    .select({ id: members.id, email: members.email, name: siteMembers.name, siteId: siteMembers.siteId })
    .from(members)
    .leftJoin(siteMembers, and(eq(siteMembers.memberId, members.id), eq(siteMembers.siteId, siteId)))
    .where(inArray(members.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { id: r.id, email: r.email, name: r.name, onSite: r.siteId !== null }]));
}

export interface NewRoutingRule {
  name: string;
  conditions: RoutingConditions;
  action: RoutingAction;
  memberIds: string[];
  businessHoursOnly: boolean;
}

/** Adds a rule at the end of the site's list; returns its id. */
export async function addRoutingRule(db: D1Database, siteId: string, rule: NewRoutingRule, now = Date.now()) {
  const o = orm(db);
  const id = crypto.randomUUID();
  const [last] = await o
    .select({ position: max(routingRules.position) })
    .from(routingRules)
    .where(eq(routingRules.siteId, siteId));
  await o.insert(routingRules).values({
    id,
    siteId,
    position: (last?.position ?? 0) + 1,
    name: rule.name,
    conditions: rule.conditions,
    action: rule.action,
    memberIds: rule.memberIds,
    businessHoursOnly: rule.businessHoursOnly ? 1 : 0,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/**
 * Moves a rule to `number` (1 = first; past the end = last) by renumbering the site's list in
 * one batch. False when the site has no such rule.
 */
export async function moveRoutingRule(
  db: D1Database,
  siteId: string,
  ruleId: string,
  number: number,
  now = Date.now(),
) {
  const rules = await listRoutingRules(db, siteId);
  const from = rules.findIndex((r) => r.id === ruleId);
  if (from < 0) return false;
  const [moved] = rules.splice(from, 1);
  rules.splice(Math.min(number, rules.length + 1) - 1, 0, moved!);
  const o = orm(db);
  const [first, ...rest] = rules.map((r, i) =>
    o
      .update(routingRules)
      .set({ position: i + 1, ...(r.id === ruleId ? { updatedAt: now } : {}) })
      .where(and(eq(routingRules.id, r.id), eq(routingRules.siteId, siteId))),
  );
  await o.batch([first!, ...rest]);
  return true;
}

/** Removes a rule (the history keeps "assigned by rule N"); false when the site has no such rule. */
export async function removeRoutingRule(db: D1Database, siteId: string, ruleId: string) {
  const removed = await orm(db)
    .delete(routingRules)
    .where(and(eq(routingRules.id, ruleId), eq(routingRules.siteId, siteId)))
    .returning({ id: routingRules.id });
  return removed.length === 1;
}

/** The queue consumer's read of a notification's site rules, when it is a new inquiry not yet dispatched (else none). */
const readRoutingRules = preparedRead((o) => {
  const siteOfNewInquiry = o
    .select({ siteId: notifications.siteId })
    .from(notifications)
    .where(
      and(
        eq(notifications.id, sql.placeholder("notificationId")),
        eq(notifications.event, "inquiry.created"),
        isNull(notifications.dispatchedAt),
      ),
    );
  return o
    .select()
    .from(routingRules)
    .where(eq(routingRules.siteId, siteOfNewInquiry))
    .orderBy(asc(routingRules.position), asc(routingRules.createdAt));
});

export const routingRead = (db: D1Database, notificationId: string): BatchRead<RoutingRuleRow[]> =>
  readRoutingRules(db, { notificationId });

/** The e-mails of the members of these sites, by member id per site (the directory database). */
export async function siteMemberEmails(directory: D1Database, siteIds: string[]) {
  const rows = await orm(directory)
    .select({ siteId: siteMembers.siteId, id: members.id, email: members.email })
    .from(siteMembers)
    .innerJoin(members, eq(members.id, siteMembers.memberId))
    .where(inArray(siteMembers.siteId, siteIds));
  const bySite = new Map<string, Map<string, string>>();
  for (const r of rows) bySite.set(r.siteId, (bySite.get(r.siteId) ?? new Map()).set(r.id, r.email));
  return bySite;
}

/**
 * Assigns the inquiry by rule `ruleId` (number `ruleNumber` now) to the next of `emails` in turn:
 * three statements for one batch (one transaction). The rule's counter advances only when the
 * inquiry has no assignee yet (a person's assignment stands) and no rule has assigned it before
 * (a redelivered message finds that history row); each later statement writes only if the one
 * before it did (`changes()`), so one inquiry advances the round robin once and gets one history
 * row "assigned by rule N". Concurrent inquiries each take their own turn: D1 runs one write
 * transaction at a time, and the turn is read back inside it. Reads as the assignee it set, if it did.
 */
export function assignByRule(
  db: D1Database,
  a: { siteId: string; inquiryId: string; ruleId: string; ruleNumber: number; emails: string[] },
  now: number,
): BatchRead<{ id: string; assignee: string } | undefined> {
  const emails = JSON.stringify(a.emails);
  const [advance, assign, history] = [
    db
      .prepare(
        `UPDATE routing_rules SET turns = turns + 1 WHERE id = ?1 AND site_id = ?2
         AND EXISTS (SELECT 1 FROM inquiries WHERE id = ?3 AND site_id = ?2 AND assignee IS NULL)
         AND NOT EXISTS (SELECT 1 FROM inquiry_history WHERE inquiry_id = ?3 AND rule_id IS NOT NULL)`,
      )
      .bind(a.ruleId, a.siteId, a.inquiryId),
    db
      .prepare(
        `UPDATE inquiries SET updated_at = ?5, assignee = json_extract(?4, '$[' ||
           (((SELECT turns FROM routing_rules WHERE id = ?1) - 1) % json_array_length(?4)) || ']')
         WHERE id = ?3 AND site_id = ?2 AND assignee IS NULL AND changes() = 1
         RETURNING id, assignee`,
      )
      .bind(a.ruleId, a.siteId, a.inquiryId, emails, now),
    db
      .prepare(
        `INSERT INTO inquiry_history (id, site_id, inquiry_id, rule_id, rule_number, field, from_value, to_value, changed_at)
         SELECT ?1, site_id, id, ?2, ?3, 'assignee', NULL, assignee, ?4 FROM inquiries WHERE id = ?5 AND changes() = 1`,
      )
      .bind(crypto.randomUUID(), a.ruleId, a.ruleNumber, now, a.inquiryId),
  ];
  return mapRead(
    readsTogether({
      advance: rowsRead(advance),
      assigned: rowRead<{ id: string; assignee: string }>(assign),
      history: rowsRead(history),
    }),
    (r) => r.assigned,
  );
}
