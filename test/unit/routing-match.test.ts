import { describe, expect, it } from "vitest";
import type { RoutingConditions } from "../../shared/routing.ts";
import { type MatchableRule, matchRule, type RoutingFacts } from "../../worker/routing/match.ts";

const facts: RoutingFacts = {
  kind: "demo",
  email: "hanako@sales.toyota.co.jp",
  company: "トヨタ自動車株式会社",
  utmSource: "Newsletter",
  utmCampaign: "autumn",
  hidden: { plan: "enterprise", region: "kansai" },
  resources: ["whitepaper-2026"],
  withinBusinessHours: true,
};

const rule = (conditions: RoutingConditions, more: Partial<MatchableRule> = {}): MatchableRule => ({
  id: "r1",
  position: 1,
  conditions,
  action: "assign",
  memberIds: ["m1"],
  businessHoursOnly: false,
  ...more,
});

const onSite = () => true;
const verdict = (r: MatchableRule, f: RoutingFacts = facts) => matchRule([r], f, onSite).verdicts[0]!;

describe("each condition", () => {
  it.each<[string, RoutingConditions, boolean, RegExp]>([
    ["no condition", {}, true, /every inquiry/],
    ["kind, one of", { kinds: ["quote", "demo"] }, true, /kind quote\/demo/],
    ["kind, none", { kinds: ["quote"] }, false, /kind is demo, not quote/],
    ["resource downloaded before", { resources: ["price-list", "whitepaper-2026"] }, true, /downloaded before/],
    ["resource not downloaded", { resources: ["price-list"] }, false, /did not download "price-list"/],
    ["domain, a subdomain of it", { emailDomains: ["toyota.co.jp"] }, true, /e-mail domain/],
    ["domain given with @ and in capitals", { emailDomains: ["@SALES.Toyota.co.jp"] }, true, /e-mail domain/],
    ["domain, a mere suffix is not one", { emailDomains: ["yota.co.jp"] }, false, /sales\.toyota\.co\.jp is not/],
    ["company contains (full-width, any case)", { companyContains: ["ﾄﾖﾀ", "ＴＯＹＯＴＡ"] }, true, /company/],
    ["company contains none", { companyContains: ["日産"] }, false, /contains none of "日産"/],
    ["utm_source ignoring case", { utmSources: ["newsletter"] }, true, /utm_source/],
    ["utm_source other", { utmSources: ["ads"] }, false, /utm_source is "Newsletter", not "ads"/],
    ["utm_campaign", { utmCampaigns: ["autumn", "spring"] }, true, /utm_campaign/],
    ["utm_campaign other", { utmCampaigns: ["spring"] }, false, /utm_campaign is "autumn"/],
    ["hidden fields, all equal", { hidden: { plan: "enterprise", region: "kansai" } }, true, /hidden fields/],
    ["hidden field differs", { hidden: { plan: "free" } }, false, /hidden plan is "enterprise", not "free"/],
    ["hidden field absent", { hidden: { team: "x" } }, false, /no hidden field team/],
    [
      "all conditions together",
      { kinds: ["demo"], emailDomains: ["toyota.co.jp"], utmSources: ["newsletter"] },
      true,
      /kind demo, e-mail domain, utm_source/,
    ],
    ["one of several conditions fails", { kinds: ["demo"], utmCampaigns: ["spring"] }, false, /utm_campaign/],
  ])("%s", (_name, conditions, matched, reason) => {
    const v = verdict(rule(conditions));
    expect(v.matched).toBe(matched);
    expect(v.reason).toMatch(reason);
  });

  it("no company and no UTM are reasons of their own", () => {
    const bare = { ...facts, company: null, utmSource: null, hidden: null };
    expect(verdict(rule({ companyContains: ["x"] }), bare).reason).toBe("no company given");
    expect(verdict(rule({ utmSources: ["x"] }), bare).reason).toBe("no utm_source");
    expect(verdict(rule({ hidden: { plan: "x" } }), bare).reason).toBe("no hidden field plan");
  });
});

describe("order, first match, none", () => {
  const rules = [
    rule({ kinds: ["quote"] }, { id: "quote", position: 1 }),
    rule({ emailDomains: ["toyota.co.jp"] }, { id: "toyota", position: 2, memberIds: ["m2"] }),
    rule({}, { id: "catch-all", position: 3, memberIds: ["m3"] }),
  ];

  it("the first rule that matches wins; the ones before it say why not; the ones after are not looked at", () => {
    const { match, verdicts } = matchRule([...rules].reverse(), facts, onSite);
    expect(match?.rule.id).toBe("toyota");
    expect(match?.memberIds).toEqual(["m2"]);
    expect(verdicts.map((v) => [v.rule.position, v.matched])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("the catch-all takes what nothing before it took", () => {
    expect(matchRule(rules, { ...facts, email: "a@other.example" }, onSite).match?.rule.id).toBe("catch-all");
  });

  it("no rule matches: unassigned", () => {
    const { match, verdicts } = matchRule(rules.slice(0, 2), { ...facts, email: "a@other.example" }, onSite);
    expect(match).toBeNull();
    expect(verdicts.every((v) => !v.matched)).toBe(true);
  });

  it("no rules at all: unassigned", () => {
    expect(matchRule([], facts, onSite)).toEqual({ match: null, verdicts: [] });
  });
});

describe("business hours and members", () => {
  it("a business-hours-only rule does not match outside them; the next rule does", () => {
    const rules = [
      rule({}, { id: "day", position: 1, businessHoursOnly: true }),
      rule({}, { id: "night", position: 2 }),
    ];
    const outside = matchRule(rules, { ...facts, withinBusinessHours: false }, onSite);
    expect(outside.match?.rule.id).toBe("night");
    expect(outside.verdicts[0]!.reason).toMatch(/only within business hours/);
    expect(matchRule(rules, facts, onSite).match?.rule.id).toBe("day");
  });

  it("members who left the site are skipped; a rule with none left does not match", () => {
    const group = rule({}, { action: "round_robin", memberIds: ["gone", "m1", "m2"] });
    expect(matchRule([group], facts, (id) => id !== "gone").match?.memberIds).toEqual(["m1", "m2"]);
    const { match, verdicts } = matchRule([group], facts, () => false);
    expect(match).toBeNull();
    expect(verdicts[0]!.reason).toBe("none of its members is on the site");
  });
});
