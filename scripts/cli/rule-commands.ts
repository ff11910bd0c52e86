// `rules …`: a site's routing rules (docs/routing.md): list, add, move, remove, and test which
// rule would take a sample inquiry. The same validation as the API (shared/routing.ts).
import { INQUIRY_KINDS } from "../../shared/form-schemas.ts";
import {
  type RoutingConditions,
  type RoutingRule,
  RoutingRuleCreateSchema,
  RoutingTestSchema,
} from "../../shared/routing.ts";
import { addRoutingRule, listRoutingRules, moveRoutingRule, removeRoutingRule } from "../../worker/db/routing-rules.ts";
import type { SiteRecord } from "../../worker/db/sites.ts";
import { newRule, presentRules, resolveMembers, testRules } from "../../worker/routing/rules.ts";
import { parsed } from "./api-input.ts";
import { type Command, type Context, INVOCATION, JSON_OPTION, str, strs, table, UsageError } from "./command.ts";
import { requireSite, SITE_OPTION } from "./site-options.ts";

const many = (value: string, help: string) => ({ type: "string", multiple: true, value, help }) as const;

/** What the condition options of `add` and the sample options of `test` share. */
const SAMPLE_OPTIONS = {
  company: { type: "string", value: "TEXT", help: "the company as typed" },
  "utm-source": { type: "string", value: "SOURCE", help: "utm_source" },
  "utm-campaign": { type: "string", value: "CAMPAIGN", help: "utm_campaign" },
  resource: many("ID", "a resource the contact downloaded before (repeatable)"),
  hidden: many("NAME=VALUE", "a hidden field of the form (repeatable)"),
} as const;

const RULE_OPTION = {
  type: "string",
  required: true,
  value: "N",
  help: "the rule's number, as `rules list` shows it",
} as const;

/** NAME=VALUE pairs → a record; a pair without "=" is a usage error naming it. */
function hiddenArg(pairs: string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at < 1) throw new UsageError(`--hidden "${pair}" must be NAME=VALUE`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

function numberArg(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} "${value}" must be a whole number from 1`);
  return n;
}

const OPTION_OF: Record<string, string> = {
  members: "--member",
  kinds: "--kind",
  resources: "--resource",
  emailDomains: "--domain",
  companyContains: "--company",
  utmSources: "--utm-source",
  utmCampaigns: "--utm-campaign",
  hidden: "--hidden",
  utmSource: "--utm-source",
  utmCampaign: "--utm-campaign",
};
const optionOf = (field: string) => OPTION_OF[field.replace(/^conditions\./, "").split(".")[0]!] ?? `--${field}`;

/** The rule numbered `n` on the site, or a usage error. */
async function ruleAt(ctx: Context, site: SiteRecord, value: string) {
  const n = numberArg("rule", value);
  const rules = await listRoutingRules(await ctx.db(), site.id);
  const rule = rules[n - 1];
  if (!rule)
    throw new UsageError(
      `--rule ${n}: ${site.siteKey} has ${rules.length} rule(s) (see: ${INVOCATION} rules list --site ${site.siteKey})`,
    );
  return rule;
}

/** A rule's conditions in one line. */
export function describeConditions(c: RoutingConditions): string {
  const parts = [
    c.kinds && `kind ${c.kinds.join("/")}`,
    c.resources && `downloaded ${c.resources.join("/")}`,
    c.emailDomains && `domain ${c.emailDomains.join("/")}`,
    c.companyContains && `company ~ ${c.companyContains.join("/")}`,
    c.utmSources && `utm_source ${c.utmSources.join("/")}`,
    c.utmCampaigns && `utm_campaign ${c.utmCampaigns.join("/")}`,
    c.hidden &&
      Object.entries(c.hidden)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "every inquiry";
}

const describeAction = (r: RoutingRule) => {
  const who = r.members.map((m) => (m.onSite ? m.email : `${m.email || m.id} (left)`)).join(", ");
  return r.action === "assign" ? `assign ${who}` : `round robin ${who}`;
};

const list: Command = {
  group: "rules",
  name: "list",
  summary: "List a site's routing rules in order (the first that matches a new inquiry assigns it)",
  options: { site: SITE_OPTION, json: JSON_OPTION },
  examples: [`${INVOCATION} rules list --site site_0123…`],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const db = await ctx.db();
    const rules = await presentRules(db, site.id, await listRoutingRules(db, site.id));
    if (values.json) return ctx.out(JSON.stringify(rules, null, 2));
    if (rules.length === 0) {
      return ctx.out(`Site ${site.siteKey} has no routing rules: new inquiries stay unassigned.`);
    }
    const rows = rules.map((r) => [
      String(r.number),
      r.name,
      describeConditions(r.conditions) + (r.businessHoursOnly ? " (business hours)" : ""),
      describeAction(r),
      String(r.assigned),
    ]);
    for (const line of table([["#", "NAME", "WHEN", "THEN", "ASSIGNED"], ...rows])) ctx.out(line);
  },
};

const add: Command = {
  group: "rules",
  name: "add",
  summary: "Add a routing rule: conditions (all must hold; any value of each), then assign or round robin",
  options: {
    site: SITE_OPTION,
    member: many("EMAIL", "a member to assign (one), or, with --round-robin, each member in turn (repeatable)"),
    "round-robin": { type: "boolean", help: "take turns among the members" },
    name: { type: "string", value: "NAME", help: "a name for people" },
    kind: many("KIND", "demo, quote or contact (repeatable)"),
    domain: many("DOMAIN", "the e-mail's domain or a subdomain of it (repeatable)"),
    company: many("TEXT", "text the company contains (repeatable)"),
    "utm-source": many("SOURCE", "utm_source (repeatable)"),
    "utm-campaign": many("CAMPAIGN", "utm_campaign (repeatable)"),
    resource: SAMPLE_OPTIONS.resource,
    hidden: SAMPLE_OPTIONS.hidden,
    "business-hours": { type: "boolean", help: "only for inquiries within business hours (Mon–Fri 9–18, no holidays)" },
    position: { type: "string", value: "N", help: "where in the order (1 = first; default last)" },
  },
  examples: [
    `${INVOCATION} rules add --site site_0123… --domain toyota.co.jp --member hanako@example.jp --name "Toyota account"`,
    `${INVOCATION} rules add --site site_0123… --kind demo --kind quote --round-robin --member a@example.jp --member b@example.jp`,
  ],
  async run(values, ctx) {
    const siteKey = str(values, "site")!;
    const members = strs(values, "member");
    if (members.length === 0) throw new UsageError("--member EMAIL is required (repeat it with --round-robin)");
    const list = (name: string) => (strs(values, name).length ? strs(values, name) : undefined);
    const conditions = Object.fromEntries(
      Object.entries({
        kinds: list("kind"),
        resources: list("resource"),
        emailDomains: list("domain"),
        companyContains: list("company"),
        utmSources: list("utm-source"),
        utmCampaigns: list("utm-campaign"),
        hidden: hiddenArg(strs(values, "hidden")),
      }).filter(([, v]) => v !== undefined),
    );
    const position = str(values, "position");
    const body = parsed(
      RoutingRuleCreateSchema,
      {
        name: str(values, "name"),
        conditions,
        action: values["round-robin"] ? "round_robin" : "assign",
        members,
        businessHoursOnly: values["business-hours"] === true,
        position: position === undefined ? undefined : numberArg("position", position),
      },
      optionOf,
    );
    const site = await requireSite(ctx, siteKey);
    const db = await ctx.db();
    const resolved = await resolveMembers(db, site.id, body.members);
    if ("unknown" in resolved) {
      throw new UsageError(
        `--member ${resolved.unknown.join(", ")}: not a member of ${site.siteKey} (add: ${INVOCATION} members add --site ${site.siteKey} --email EMAIL --role member)`,
      );
    }
    const id = await addRoutingRule(db, site.id, newRule(body, resolved.ids));
    if (body.position !== undefined) await moveRoutingRule(db, site.id, id, body.position);
    const number = (await listRoutingRules(db, site.id)).findIndex((r) => r.id === id) + 1;
    ctx.out(`Rule ${number} added to ${site.siteKey}: ${describeConditions(body.conditions ?? {})}.`);
  },
};

const move: Command = {
  group: "rules",
  name: "move",
  summary: "Move a rule to another place in the order",
  options: { site: SITE_OPTION, rule: RULE_OPTION, to: { ...RULE_OPTION, help: "its new number (1 = first)" } },
  examples: [`${INVOCATION} rules move --site site_0123… --rule 3 --to 1`],
  async run(values, ctx) {
    const to = numberArg("to", str(values, "to")!);
    const site = await requireSite(ctx, str(values, "site")!);
    const rule = await ruleAt(ctx, site, str(values, "rule")!);
    await moveRoutingRule(await ctx.db(), site.id, rule.id, to);
    ctx.out(
      `Rule ${str(values, "rule")} of ${site.siteKey} is now rule ${Math.min(to, (await listRoutingRules(await ctx.db(), site.id)).length)}.`,
    );
  },
};

const remove: Command = {
  group: "rules",
  name: "remove",
  summary: "Remove a rule; the inquiries it assigned keep their assignee and history",
  options: { site: SITE_OPTION, rule: RULE_OPTION },
  examples: [`${INVOCATION} rules remove --site site_0123… --rule 2`],
  async run(values, ctx) {
    const site = await requireSite(ctx, str(values, "site")!);
    const rule = await ruleAt(ctx, site, str(values, "rule")!);
    await removeRoutingRule(await ctx.db(), site.id, rule.id);
    ctx.out(`Rule ${str(values, "rule")} removed from ${site.siteKey}; the rules after it moved up.`);
  },
};

const test: Command = {
  group: "rules",
  name: "test",
  summary: "Which rule would assign a sample inquiry, and why the ones before it do not match (nothing is stored)",
  options: {
    site: SITE_OPTION,
    kind: { type: "string", required: true, value: "KIND", help: INQUIRY_KINDS.join(", ") },
    email: { type: "string", required: true, value: "EMAIL", help: "the visitor's e-mail" },
    ...SAMPLE_OPTIONS,
    at: { type: "string", value: "ISO_TIME", help: "when it arrives (business-hours rules; default now)" },
  },
  examples: [`${INVOCATION} rules test --site site_0123… --kind demo --email hanako@toyota.co.jp --company トヨタ`],
  async run(values, ctx) {
    const sample = parsed(
      RoutingTestSchema,
      {
        kind: str(values, "kind"),
        email: str(values, "email"),
        company: str(values, "company"),
        utmSource: str(values, "utm-source"),
        utmCampaign: str(values, "utm-campaign"),
        resources: strs(values, "resource"),
        hidden: hiddenArg(strs(values, "hidden")),
        at: str(values, "at"),
      },
      optionOf,
    );
    const site = await requireSite(ctx, str(values, "site")!);
    const db = await ctx.db();
    const result = await testRules(db, db, site.id, await listRoutingRules(db, site.id), sample);
    for (const r of result.rules) ctx.out(`rule ${r.number}: ${r.matched ? "MATCHES" : "no"} — ${r.reason}`);
    if (!result.match) return ctx.out("No rule matches: the inquiry stays unassigned.");
    const who = result.match.candidates.map((m) => m.email).join(", ");
    ctx.out(
      `→ rule ${result.match.number} assigns it to ${result.match.candidates.length > 1 ? `the next in turn of ${who}` : who}.`,
    );
  },
};

export const ruleCommands: Command[] = [list, add, move, remove, test];
