// The queue consumer's routing step: each new inquiry of a site with rules is assigned by the first
// rule that matches it, right after it was stored and before its notifications are built (so the
// webhook, Slack and mail name the assignee). Never on the collect path: a rule costs the visitor
// nothing. One D1 batch for all the inquiries of a queue batch.
import type { RoutingConditions } from "../../shared/routing.ts";
import type { SubjectRow } from "../db/notification-subjects.ts";
import type { NotificationRow } from "../db/notifications.ts";
import { assignByRule, siteMemberEmails } from "../db/routing-rules.ts";
import { isWithinBusinessHours } from "../notify/business-hours.ts";
import { type MatchableRule, matchRule, type RoutingFacts } from "./match.ts";

/** A routing_rules row as raw SQL reads it (db/routing-rules.ts `routingReads`). */
interface RuleRecord {
  id: string;
  conditions: string;
  action: MatchableRule["action"];
  member_ids: string;
  business_hours_only: number;
}

/** One queue message's notification, its subject (the inquiry row) and its site's rules. */
export interface RoutingCandidate {
  n: NotificationRow | undefined;
  subject: SubjectRow | undefined;
  rules: D1Result | undefined;
}

const parse = <T>(json: unknown, fallback: T): T => (typeof json === "string" ? (JSON.parse(json) as T) : fallback);

/** What the rules look at, from the inquiry row the consumer read (with its contact's columns). */
export const factsOf = (row: SubjectRow, timeZone: string): RoutingFacts => ({
  kind: row.kind as RoutingFacts["kind"],
  email: row.contact_email as string,
  company: (row.contact_company as string | null) ?? null,
  utmSource: (row.utm_source as string | null) ?? null,
  utmCampaign: (row.utm_campaign as string | null) ?? null,
  hidden: parse<Record<string, string> | null>(row.hidden, null),
  resources: parse<string[]>(row.lead_resources, []),
  withinBusinessHours: isWithinBusinessHours(timeZone, row.created_at as number),
});

/**
 * Assigns each new, unassigned inquiry among `candidates` by its site's first matching rule, and
 * sets `assignee` (and `assigned_by_rule`) on the subject rows it assigned, for the notifications
 * built next. Redelivered messages and inquiries a person assigned first are left as they are
 * (db/routing-rules.ts `assignByRule`).
 */
export async function routeNewInquiries(
  db: D1Database,
  directory: D1Database,
  candidates: RoutingCandidate[],
  now: number,
): Promise<void> {
  const routable = candidates.flatMap(({ n, subject, rules }) => {
    const records = (rules?.results ?? []) as RuleRecord[];
    const unassigned = subject && subject.assignee === null && subject.status !== "spam";
    return n && subject && unassigned && n.event === "inquiry.created" && records.length
      ? [{ n, subject, records }]
      : [];
  });
  if (routable.length === 0) return;
  // Members are in the directory database (one person, many sites); rules in the site's.
  const membersBySite = await siteMemberEmails(directory, [...new Set(routable.map((r) => r.n.site_id))]);
  const statements: D1PreparedStatement[] = [];
  const assigned: { row: SubjectRow; number: number; at: number }[] = [];
  for (const { n, subject, records } of routable) {
    const emails = membersBySite.get(n.site_id) ?? new Map<string, string>();
    const { match } = matchRule(
      records.map((r, i) => ({
        id: r.id,
        position: i + 1,
        conditions: parse<RoutingConditions>(r.conditions, {}),
        action: r.action,
        memberIds: parse<string[]>(r.member_ids, []),
        businessHoursOnly: r.business_hours_only === 1,
      })),
      factsOf(subject, n.time_zone),
      (id) => emails.has(id),
    );
    if (!match) continue;
    assigned.push({ row: subject, number: match.rule.position, at: statements.length + 1 });
    statements.push(
      ...assignByRule(
        db,
        {
          siteId: n.site_id,
          inquiryId: subject.id as string,
          ruleId: match.rule.id,
          ruleNumber: match.rule.position,
          emails: match.memberIds.map((id) => emails.get(id)!),
        },
        now,
      ),
    );
  }
  if (statements.length === 0) return;
  const results = await db.batch<{ id: string; assignee: string }>(statements);
  for (const { row, number, at } of assigned) {
    const done = results[at]?.results[0];
    if (done) {
      row.assignee = done.assignee;
      row.assigned_by_rule = number;
    }
  }
}
