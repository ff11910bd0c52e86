// Which routing rule takes an inquiry: pure logic, shared by the queue consumer (routing/apply.ts),
// the API's dry run and the CLI's `rules test`. First match wins; each rule that did not match
// says why, so "which rule would match?" can be answered with reasons.
import type { InquiryKind } from "../../shared/form-schemas.ts";
import type { RoutingAction, RoutingConditions } from "../../shared/routing.ts";

/** What the rules look at, of one inquiry. */
export interface RoutingFacts {
  kind: InquiryKind;
  email: string;
  company: string | null;
  utmSource: string | null;
  utmCampaign: string | null;
  hidden: Record<string, string> | null;
  /** Resources the contact downloaded before asking. */
  resources: readonly string[];
  /** Whether it arrived within the site's business hours. */
  withinBusinessHours: boolean;
}

/** A rule as the matcher needs it; `position` is its number ("rule 3"). */
export interface MatchableRule {
  id: string;
  position: number;
  conditions: RoutingConditions;
  action: RoutingAction;
  memberIds: readonly string[];
  businessHoursOnly: boolean;
}

export interface RuleVerdict {
  rule: MatchableRule;
  matched: boolean;
  reason: string;
}

/** The rule that takes the inquiry and the members it picks from (still on the site, in turn order). */
export interface RoutingMatch {
  rule: MatchableRule;
  memberIds: string[];
}

// Company names are typed in full- or half-width and any case (ＡＢＣ商事, abc商事): NFKC folds them.
const fold = (s: string) => s.normalize("NFKC").toLowerCase();

const quoteList = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** Why the inquiry fails the rule's conditions, or null when it meets them all. */
function unmetCondition(c: RoutingConditions, f: RoutingFacts): string | null {
  if (c.kinds && !c.kinds.includes(f.kind)) return `kind is ${f.kind}, not ${c.kinds.join(" or ")}`;
  if (c.resources && !c.resources.some((r) => f.resources.includes(r))) {
    return `did not download ${quoteList(c.resources)} before`;
  }
  if (c.emailDomains) {
    const domain = f.email.slice(f.email.lastIndexOf("@") + 1).toLowerCase();
    const hit = c.emailDomains.some((d) => {
      const want = d.toLowerCase().replace(/^@/, "");
      return domain === want || domain.endsWith(`.${want}`);
    });
    if (!hit) return `e-mail domain ${domain} is not ${quoteList(c.emailDomains)}`;
  }
  if (c.companyContains) {
    const company = fold(f.company ?? "");
    if (!c.companyContains.some((part) => company.includes(fold(part)))) {
      return f.company ? `company "${f.company}" contains none of ${quoteList(c.companyContains)}` : "no company given";
    }
  }
  const utm = (name: string, want: readonly string[] | undefined, got: string | null) => {
    if (!want || want.some((w) => w.toLowerCase() === got?.toLowerCase())) return null;
    return got ? `${name} is "${got}", not ${quoteList(want)}` : `no ${name}`;
  };
  const utmMiss = utm("utm_source", c.utmSources, f.utmSource) ?? utm("utm_campaign", c.utmCampaigns, f.utmCampaign);
  if (utmMiss) return utmMiss;
  for (const [name, want] of Object.entries(c.hidden ?? {})) {
    const got = f.hidden?.[name];
    if (got !== want)
      return got === undefined ? `no hidden field ${name}` : `hidden ${name} is "${got}", not "${want}"`;
  }
  return null;
}

/** A one-line summary of what matched, for the dry run and the CLI. */
function metConditions(c: RoutingConditions): string {
  const parts = [
    c.kinds && `kind ${c.kinds.join("/")}`,
    c.resources && "downloaded before",
    c.emailDomains && "e-mail domain",
    c.companyContains && "company",
    c.utmSources && "utm_source",
    c.utmCampaigns && "utm_campaign",
    c.hidden && "hidden fields",
  ].filter(Boolean);
  return parts.length ? `matches: ${parts.join(", ")}` : "matches every inquiry";
}

/**
 * The first rule (by position) that matches `facts`, with every rule's verdict up to it. A rule
 * whose members have all left the site (`onSite` false for each) does not match: the next one may.
 * @example matchRule(rules, facts, (id) => siteMemberIds.has(id)).match?.rule.position // 3
 */
export function matchRule(
  rules: readonly MatchableRule[],
  facts: RoutingFacts,
  onSite: (memberId: string) => boolean,
): { match: RoutingMatch | null; verdicts: RuleVerdict[] } {
  const verdicts: RuleVerdict[] = [];
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    const unmet =
      rule.businessHoursOnly && !facts.withinBusinessHours
        ? "only within business hours, and it arrived outside them"
        : unmetCondition(rule.conditions, facts);
    const memberIds = rule.memberIds.filter(onSite);
    const reason = unmet ?? (memberIds.length ? metConditions(rule.conditions) : "none of its members is on the site");
    const matched = unmet === null && memberIds.length > 0;
    verdicts.push({ rule, matched, reason });
    if (matched) return { match: { rule, memberIds }, verdicts };
  }
  return { match: null, verdicts };
}
