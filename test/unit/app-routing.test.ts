import { describe, expect, it } from "vitest";
import { errorsByInput, hiddenOf, listOf, ruleBody, sampleBody } from "../../app/views/settings/routing-form.ts";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("routing-rules editor: forms as API bodies", () => {
  it("splits lists on commas (also 、 and line breaks), dropping blanks; nothing is no condition", () => {
    expect(listOf(" toyota.co.jp, acme.example、,\nsales.example ")).toEqual([
      "toyota.co.jp",
      "acme.example",
      "sales.example",
    ]);
    expect(listOf(" , ")).toBeUndefined();
  });

  it("reads hidden fields one name=value a line (the value may hold '=')", () => {
    expect(hiddenOf("plan = pro\nref=a=b\n\nempty")).toEqual({ plan: "pro", ref: "a=b", empty: "" });
    expect(hiddenOf("  ")).toBeUndefined();
  });

  it("a new rule: only the conditions given, the members in their order, position only when typed", () => {
    expect(
      ruleBody(
        form([
          ["name", " Toyota "],
          ["kinds", "demo"],
          ["kinds", "quote"],
          ["emailDomains", "toyota.co.jp"],
          ["companyContains", ""],
          ["hidden", "plan=pro"],
          ["action", "round_robin"],
          ["members", "b@team.example"],
          ["members", "a@team.example"],
          ["businessHoursOnly", "on"],
          ["position", ""],
        ]),
      ),
    ).toEqual({
      name: "Toyota",
      conditions: { kinds: ["demo", "quote"], emailDomains: ["toyota.co.jp"], hidden: { plan: "pro" } },
      action: "round_robin",
      members: ["b@team.example", "a@team.example"],
      businessHoursOnly: true,
    });
    expect(
      ruleBody(
        form([
          ["action", "assign"],
          ["position", "2"],
        ]),
      ),
    ).toEqual({
      conditions: {},
      action: "assign",
      members: [],
      businessHoursOnly: false,
      position: 2,
    });
  });

  it("a sample: blanks left out", () => {
    expect(
      sampleBody(
        form([
          ["kind", "quote"],
          ["email", " hanako@toyota.co.jp "],
          ["company", ""],
          ["utmSource", "newsletter"],
          ["resources", "guide, price-list"],
          ["hidden", ""],
        ]),
      ),
    ).toEqual({
      kind: "quote",
      email: "hanako@toyota.co.jp",
      utmSource: "newsletter",
      resources: ["guide", "price-list"],
    });
  });

  it("the API's field errors land on the input that caused them", () => {
    expect(
      errorsByInput({
        "conditions.emailDomains.0": "must be a domain",
        "conditions.emailDomains.1": "second reason",
        members: "assign takes exactly one member",
        "hidden.plan": "too long",
      }),
    ).toEqual({ emailDomains: "must be a domain", members: "assign takes exactly one member", hidden: "too long" });
  });
});
