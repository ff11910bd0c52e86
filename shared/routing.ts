// Routing rules in the team API (docs/routing.md): what a rule matches and does, the requests that
// manage them and test one against a sample inquiry, and the answers. The worker validates and
// answers with these; the dashboard's rules editor and the CLI import them.
import * as z from "zod/mini";
import { emailSchema, text } from "./form-schemas.ts";
import { MemberRefSchema } from "./members.ts";
import { INQUIRY_KINDS } from "./schemas.ts";

export const ROUTING_LIMITS = { rules: 50, values: 20, value: 200, name: 100, members: 50, hidden: 10 } as const;

const values = (what: string) =>
  z.optional(
    z
      .array(text(ROUTING_LIMITS.value).check(z.minLength(1, `each ${what} needs at least one character`)))
      .check(z.minLength(1, "give at least one value, or leave the condition out"), z.maxLength(ROUTING_LIMITS.values)),
  );

/**
 * What an inquiry must have for a rule to match: every condition given (AND); within a
 * condition, any one of its values (OR). No condition: every inquiry matches.
 */
export const RoutingConditionsSchema = z.strictObject({
  /** The inquiry's kind. */
  kinds: z.optional(z.array(z.enum(INQUIRY_KINDS)).check(z.minLength(1))),
  /** A resource the contact downloaded before asking (as the inquiries' `resource` filter). */
  resources: values("resource id"),
  /** The e-mail's domain, or a subdomain of it (example.co.jp matches sales.example.co.jp too). */
  emailDomains: values("domain"),
  /** Text the company contains, ignoring case and full-/half-width (Ｔｏｙｏｔａ contains toyota). */
  companyContains: values("text"),
  /** utm_source / utm_campaign, ignoring case. */
  utmSources: values("source"),
  utmCampaigns: values("campaign"),
  /** Hidden fields of the form with exactly these values. */
  hidden: z.optional(
    z.record(text(64).check(z.minLength(1)), text(ROUTING_LIMITS.value)).check(
      z.refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= ROUTING_LIMITS.hidden, {
        message: `give 1 to ${ROUTING_LIMITS.hidden} hidden fields`,
      }),
    ),
  ),
});
export type RoutingConditions = z.infer<typeof RoutingConditionsSchema>;

/** assign: to one member; round_robin: in turn among the members, fair under concurrent inquiries. */
export const ROUTING_ACTIONS = ["assign", "round_robin"] as const;
export type RoutingAction = (typeof ROUTING_ACTIONS)[number];

/** POST /v1/routing-rules: a new rule, last unless `position` says where (1 = first). */
export const RoutingRuleCreateSchema = z
  .strictObject({
    name: z.optional(text(ROUTING_LIMITS.name)),
    conditions: z.optional(RoutingConditionsSchema),
    action: z.enum(ROUTING_ACTIONS),
    /** E-mails of members of the site: one for assign, one or more (in turn order) for round_robin. */
    members: z.array(emailSchema()).check(z.minLength(1), z.maxLength(ROUTING_LIMITS.members)),
    /** Only for inquiries that arrive within business hours (Mon–Fri 09:00–18:00, site time, no holidays). */
    businessHoursOnly: z.optional(z.boolean()),
    position: z.optional(z.int().check(z.minimum(1))),
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.action === "assign" && body.members.length !== 1) {
        ctx.issues.push({
          code: "custom",
          input: body.members,
          path: ["members"],
          message: "assign takes exactly one member; use round_robin for a group",
        });
      }
      if (new Set(body.members).size !== body.members.length) {
        ctx.issues.push({ code: "custom", input: body.members, path: ["members"], message: "lists a member twice" });
      }
    }),
  );
export type RoutingRuleCreate = z.infer<typeof RoutingRuleCreateSchema>;

/** POST /v1/routing-rules/:id/move: its new position (1 = first; past the end = last). */
export const RoutingRuleMoveSchema = z.strictObject({ position: z.int().check(z.minimum(1)) });

const time = z.iso.datetime();

/** A rule as the API answers it; `number` is its position ("rule 3"). */
export const RoutingRuleSchema = z.object({
  id: z.string(),
  number: z.number(),
  name: z.string(),
  conditions: RoutingConditionsSchema,
  action: z.enum(ROUTING_ACTIONS),
  /** The members in turn order; `onSite` false: removed from the site since (skipped). */
  members: z.array(z.extend(MemberRefSchema, { onSite: z.boolean() })),
  businessHoursOnly: z.boolean(),
  /** How many inquiries it assigned. */
  assigned: z.number(),
  createdAt: time,
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export const RoutingRuleListSchema = z.object({ data: z.array(RoutingRuleSchema) });

/** POST /v1/routing-rules/test: a sample inquiry (nothing is stored or assigned). */
export const RoutingTestSchema = z.strictObject({
  kind: z.enum(INQUIRY_KINDS),
  email: emailSchema(),
  company: z.optional(text(200)),
  utmSource: z.optional(text(ROUTING_LIMITS.value)),
  utmCampaign: z.optional(text(ROUTING_LIMITS.value)),
  hidden: z.optional(z.record(text(64), text(ROUTING_LIMITS.value))),
  /** Resources the contact downloaded before. */
  resources: z.optional(z.array(text(ROUTING_LIMITS.value)).check(z.maxLength(ROUTING_LIMITS.values))),
  /** When it arrives (business-hours rules); now if absent. */
  at: z.optional(time),
});
export type RoutingTest = z.infer<typeof RoutingTestSchema>;

/** Which rule would assign the sample, and why each rule before it did not match. */
export const RoutingTestResultSchema = z.object({
  match: z.nullable(
    z.object({ id: z.string(), number: z.number(), name: z.string(), candidates: z.array(MemberRefSchema) }),
  ),
  rules: z.array(z.object({ id: z.string(), number: z.number(), matched: z.boolean(), reason: z.string() })),
});
