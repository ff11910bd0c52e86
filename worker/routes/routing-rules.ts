import type { Context } from "hono";
import * as z from "zod/mini";
import {
  ROUTING_LIMITS,
  RoutingRuleCreateSchema,
  RoutingRuleListSchema,
  RoutingRuleMoveSchema,
  RoutingRuleSchema,
  RoutingTestResultSchema,
  RoutingTestSchema,
} from "../../shared/routing.ts";
import { directoryDatabase } from "../db/handle.ts";
import { addRoutingRule, listRoutingRules, moveRoutingRule, removeRoutingRule } from "../db/routing-rules.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, notFound } from "../lib/api-error.ts";
import { forgetSiteAfterWrite } from "../middleware/forget-site.ts";
import { newRule, presentRules, resolveMembers, testRules } from "../routing/rules.ts";
import { describeRoute, jsonBody, requireRole, teamRoutes, validate } from "./team-api.ts";

/** Team API: the site's routing rules (docs/routing.md): everyone reads, admins change them. */
export const routingRules = teamRoutes();
// Whether a site has rules decides the collect path's outbox row (db/outbox-needs.ts): a first
// rule applies to this isolate's next inquiry at once, not after the site cache's minute.
routingRules.use("*", forgetSiteAfterWrite);

const tags = ["routing"];
const IdParam = z.object({ id: z.string().check(z.describe("The rule's id")) });

/** The site's rules, answered after every change (members are in the directory database). */
async function listBody(c: Context<AppEnv>) {
  const siteId = c.var.site.id;
  return { data: await presentRules(directoryDatabase(c.env), siteId, await listRoutingRules(c.var.db, siteId)) };
}

routingRules.get(
  "/",
  describeRoute({
    summary: "The site's routing rules in order: the first that matches a new inquiry assigns it",
    tags,
    responses: { 200: { description: "Every rule, numbered from 1.", schema: RoutingRuleListSchema } },
  }),
  async (c) => c.json(await listBody(c)),
);

routingRules.post(
  "/",
  describeRoute({
    summary: "Add a rule: conditions, and assign to a member or round robin among members",
    description: "Added last unless `position` says where (1 = first); the rules after it move down.",
    tags,
    responses: { 201: { description: "The new rule.", schema: RoutingRuleSchema } },
    errors: [409],
  }),
  requireRole("admin"),
  jsonBody,
  validate("json", RoutingRuleCreateSchema),
  async (c) => {
    const db = c.var.db;
    const siteId = c.var.site.id;
    const body = c.req.valid("json");
    const resolved = await resolveMembers(directoryDatabase(c.env), siteId, body.members);
    if ("unknown" in resolved) {
      throw new ApiError(400, "invalid_body", "Every member of a rule must be a member of the site.", {
        members: `${resolved.unknown.join(", ")} ${resolved.unknown.length === 1 ? "is" : "are"} not a member of this site (see GET /v1/members)`,
      });
    }
    if ((await listRoutingRules(db, siteId)).length >= ROUTING_LIMITS.rules) {
      throw new ApiError(409, "too_many_rules", `A site has at most ${ROUTING_LIMITS.rules} routing rules.`, {
        position: `the site has ${ROUTING_LIMITS.rules} rules already; remove one first`,
      });
    }
    const id = await addRoutingRule(db, siteId, newRule(body, resolved.ids));
    if (body.position !== undefined) await moveRoutingRule(db, siteId, id, body.position);
    const { data } = await listBody(c);
    return c.json(
      data.find((r) => r.id === id),
      201,
    );
  },
);

// Before /:id routes, which would take "test" for an id.
routingRules.post(
  "/test",
  describeRoute({
    summary: "Which rule would assign a sample inquiry, and why the ones before it do not match (a dry run)",
    tags,
    responses: {
      200: { description: "The matching rule (null: none) and each rule's verdict.", schema: RoutingTestResultSchema },
    },
  }),
  jsonBody,
  validate("json", RoutingTestSchema),
  async (c) => {
    const db = c.var.db;
    const siteId = c.var.site.id;
    const rules = await listRoutingRules(db, siteId);
    return c.json(await testRules(db, directoryDatabase(c.env), siteId, rules, c.req.valid("json")));
  },
);

routingRules.post(
  "/:id/move",
  describeRoute({
    summary: "Move a rule to another place in the order (1 = first; past the end = last)",
    tags,
    responses: { 200: { description: "Every rule in the new order.", schema: RoutingRuleListSchema } },
    errors: [404],
  }),
  requireRole("admin"),
  validate("param", IdParam),
  jsonBody,
  validate("json", RoutingRuleMoveSchema),
  async (c) => {
    const { id } = c.req.valid("param");
    if (!(await moveRoutingRule(c.var.db, c.var.site.id, id, c.req.valid("json").position))) {
      throw notFound("routing rule", id);
    }
    return c.json(await listBody(c));
  },
);

routingRules.delete(
  "/:id",
  describeRoute({
    summary: "Remove a rule; the inquiries it assigned keep their assignee and history",
    tags,
    responses: { 204: { description: "Removed." } },
    errors: [404],
  }),
  requireRole("admin"),
  validate("param", IdParam),
  async (c) => {
    const { id } = c.req.valid("param");
    if (!(await removeRoutingRule(c.var.db, c.var.site.id, id))) throw notFound("routing rule", id);
    return c.body(null, 204);
  },
);
