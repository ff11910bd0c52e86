// The routing-rules editor's forms as API bodies (POST /v1/routing-rules and its /test), and the
// API's field errors back to the input that caused them. Pure, so the unit tests hold them.
import type { RoutingConditions, RoutingRuleCreate, RoutingTest } from "../../../shared/routing.ts";

/** "a, b、c" (or one a line) → ["a", "b", "c"]; nothing → undefined (the condition is left out). */
export function listOf(text: string): string[] | undefined {
  const items = text
    .split(/[,、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

/** "plan=pro" lines → { plan: "pro" }; a line without "=" names a field that must be empty. */
export function hiddenOf(text: string): Record<string, string> | undefined {
  const pairs = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf("=");
      return at < 0 ? [line, ""] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    });
  return pairs.length ? Object.fromEntries(pairs) : undefined;
}

const LIST_CONDITIONS = ["resources", "emailDomains", "companyContains", "utmSources", "utmCampaigns"] as const;

/** The add form's values as the API's new rule. */
export function ruleBody(data: FormData): RoutingRuleCreate {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const conditions: RoutingConditions = {};
  const kinds = data.getAll("kinds").map(String) as NonNullable<RoutingConditions["kinds"]>;
  if (kinds.length) conditions.kinds = kinds;
  for (const name of LIST_CONDITIONS) {
    const values = listOf(text(name));
    if (values) conditions[name] = values;
  }
  const hidden = hiddenOf(text("hidden"));
  if (hidden) conditions.hidden = hidden;
  const position = text("position");
  return {
    ...(text("name") && { name: text("name") }),
    conditions,
    action: text("action") === "round_robin" ? "round_robin" : "assign",
    members: data.getAll("members").map(String),
    businessHoursOnly: data.get("businessHoursOnly") === "on",
    ...(position && { position: Number(position) }),
  };
}

/** The test form's values as the API's sample inquiry. */
export function sampleBody(data: FormData): RoutingTest {
  const text = (name: string) => String(data.get(name) ?? "").trim() || undefined;
  return {
    kind: (text("kind") ?? "contact") as RoutingTest["kind"],
    email: text("email") ?? "",
    ...(text("company") && { company: text("company") }),
    ...(text("utmSource") && { utmSource: text("utmSource") }),
    ...(text("utmCampaign") && { utmCampaign: text("utmCampaign") }),
    ...(listOf(text("resources") ?? "") && { resources: listOf(text("resources") ?? "") }),
    ...(hiddenOf(text("hidden") ?? "") && { hidden: hiddenOf(text("hidden") ?? "") }),
  };
}

/**
 * The API's field errors by the form input they belong to: "conditions.emailDomains.0" →
 * emailDomains, "members" → members (the first reason per input wins).
 */
export function errorsByInput(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, reason] of Object.entries(fields)) {
    const input = path.replace(/^conditions\./, "").split(".")[0]!;
    out[input] ??= reason;
  }
  return out;
}
