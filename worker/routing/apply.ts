// The queue consumer's routing step: each new inquiry of a site with rules is assigned by the first
// rule that matches it, right after it was stored and before its notifications are built (so the
// webhook, Slack and mail name the assignee). Never on the collect path: a rule costs the visitor
// nothing. One D1 batch for all the inquiries of a queue batch.
import { runBatch } from "../db/batch-read.ts";
import type { InquirySubjectRow, Subject } from "../db/notification-subjects.ts";
import type { NotificationRow } from "../db/notifications.ts";
import { assignByRule, matchableRule, type RoutingRuleRow, siteMemberEmails } from "../db/routing-rules.ts";
import { isWithinBusinessHours } from "../notify/business-hours.ts";
import { matchRule, type RoutingFacts } from "./match.ts";

/** One queue message's notification, its subject and its site's rules (db/routing-rules.ts `routingRead`). */
export interface RoutingCandidate {
  n: NotificationRow | undefined;
  subject: Subject | null;
  rules: RoutingRuleRow[];
}

/** What the rules look at, from the inquiry the consumer read (with its contact). */
export const factsOf = (inquiry: InquirySubjectRow, timeZone: string): RoutingFacts => ({
  kind: inquiry.kind,
  email: inquiry.contact.email,
  company: inquiry.contact.company,
  utmSource: inquiry.utmSource,
  utmCampaign: inquiry.utmCampaign,
  hidden: inquiry.hidden,
  resources: inquiry.leadResources,
  withinBusinessHours: isWithinBusinessHours(timeZone, inquiry.createdAt),
});

/**
 * Assigns each new, unassigned inquiry among `candidates` by its site's first matching rule, and
 * sets `assignee` (and `assignedByRule`) on the subjects it assigned, for the notifications
 * built next. Redelivered messages and inquiries a person assigned first are left as they are
 * (db/routing-rules.ts `assignByRule`).
 */
export async function routeNewInquiries(
  db: D1Database,
  directory: D1Database,
  candidates: RoutingCandidate[],
  now: number,
): Promise<void> {
  const routable = candidates.flatMap(({ n, subject, rules }) =>
    n?.event === "inquiry.created" &&
    subject?.event === "inquiry.created" &&
    subject.inquiry.assignee === null &&
    subject.inquiry.status !== "spam" &&
    rules.length > 0
      ? [{ n, subject, rules }]
      : [],
  );
  if (routable.length === 0) return;
  // Members are in the directory database (one person, many sites); rules in the site's.
  const membersBySite = await siteMemberEmails(directory, [...new Set(routable.map((r) => r.n.site_id))]);
  const assignments = routable.flatMap(({ n, subject, rules }) => {
    const emails = membersBySite.get(n.site_id) ?? new Map<string, string>();
    const { match } = matchRule(
      rules.map((row, i) => matchableRule(row, i + 1)),
      factsOf(subject.inquiry, n.time_zone),
      (id) => emails.has(id),
    );
    if (!match) return [];
    const assign = {
      siteId: n.site_id,
      inquiryId: subject.inquiry.id,
      ruleId: match.rule.id,
      ruleNumber: match.rule.position,
      emails: match.memberIds.map((id) => emails.get(id)!),
    };
    return [{ subject, number: match.rule.position, write: assignByRule(db, assign, now) }];
  });
  const done = await runBatch(
    db,
    assignments.map((a) => a.write),
  );
  assignments.forEach(({ subject, number }, i) => {
    const assigned = done[i];
    if (assigned) {
      subject.inquiry.assignee = assigned.assignee;
      subject.assignedByRule = number;
    }
  });
}
