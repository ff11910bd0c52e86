// Routing rules as the team API and the CLI show, add and test them: member e-mails resolved to
// the site's members, rules presented with their members, and a dry run against a sample inquiry.
import type { RoutingRule, RoutingRuleCreate, RoutingTest } from "../../shared/routing.ts";
import { listSiteMembers } from "../db/members.ts";
import { readNotificationSettings } from "../db/notification-settings.ts";
import { matchableRule, type RoutingRuleRow, ruleMembers } from "../db/routing-rules.ts";
import { isWithinBusinessHours } from "../notify/business-hours.ts";
import { isoTime } from "../present/records.ts";
import { matchRule } from "./match.ts";

/**
 * The ids of the members with these (normalised) e-mails, in the same order; or the e-mails that
 * are not members of the site.
 */
export async function resolveMembers(
  directory: D1Database,
  siteId: string,
  emails: readonly string[],
): Promise<{ ids: string[] } | { unknown: string[] }> {
  const byEmail = new Map((await listSiteMembers(directory, siteId)).map((m) => [m.email, m.id]));
  const unknown = emails.filter((e) => !byEmail.has(e));
  return unknown.length ? { unknown } : { ids: emails.map((e) => byEmail.get(e)!) };
}

/** What a new rule stores, from the API's (or CLI's) request, with its members resolved. */
export const newRule = (body: RoutingRuleCreate, memberIds: string[]) => ({
  name: body.name ?? "",
  conditions: body.conditions ?? {},
  action: body.action,
  memberIds,
  businessHoursOnly: body.businessHoursOnly ?? false,
});

/** The site's rules as the API answers them, numbered in order. */
export async function presentRules(
  directory: D1Database,
  siteId: string,
  rows: RoutingRuleRow[],
): Promise<RoutingRule[]> {
  const people = await ruleMembers(
    directory,
    siteId,
    rows.flatMap((r) => r.memberIds),
  );
  return rows.map((row, i) => ({
    id: row.id,
    number: i + 1,
    name: row.name,
    conditions: row.conditions,
    action: row.action,
    members: row.memberIds.map((id) => people.get(id) ?? { id, email: "", name: null, onSite: false }),
    businessHoursOnly: row.businessHoursOnly === 1,
    assigned: row.turns,
    createdAt: isoTime(row.createdAt)!,
  }));
}

/**
 * Which of the site's rules would take the sample inquiry, and why each one before it did not.
 * `db`: the site's database; `directory`: where members are (db/handle.ts).
 */
export async function testRules(
  db: D1Database,
  directory: D1Database,
  siteId: string,
  rows: RoutingRuleRow[],
  sample: RoutingTest,
) {
  const [{ timeZone }, people] = await Promise.all([
    readNotificationSettings(db, siteId),
    ruleMembers(
      directory,
      siteId,
      rows.flatMap((r) => r.memberIds),
    ),
  ]);
  const at = sample.at ? Date.parse(sample.at) : Date.now();
  const { match, verdicts } = matchRule(
    rows.map((row, i) => matchableRule(row, i + 1)),
    {
      kind: sample.kind,
      email: sample.email,
      company: sample.company ?? null,
      utmSource: sample.utmSource ?? null,
      utmCampaign: sample.utmCampaign ?? null,
      hidden: sample.hidden ?? null,
      resources: sample.resources ?? [],
      withinBusinessHours: isWithinBusinessHours(timeZone, at),
    },
    (id) => people.get(id)?.onSite === true,
  );
  return {
    match: match && {
      id: match.rule.id,
      number: match.rule.position,
      name: rows[match.rule.position - 1]!.name,
      candidates: match.memberIds.map((id) => {
        const { email, name } = people.get(id)!;
        return { id, email, name };
      }),
    },
    rules: verdicts.map((v) => ({ id: v.rule.id, number: v.rule.position, matched: v.matched, reason: v.reason })),
  };
}
