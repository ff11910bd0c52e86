import { Hono } from "hono";
import { cors } from "hono/cors";
import { type CollectResponse, CollectResponseSchema } from "../../shared/api.ts";
import { InquirySubmissionSchema, LeadSubmissionSchema } from "../../shared/schemas.ts";
import { recordInquiry } from "../db/inquiries.ts";
import { recordLead } from "../db/leads.ts";
import type { WriteOutcome } from "../db/submissions.ts";
import type { AppEnv } from "../env.ts";
import { validate } from "../lib/validate.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { siteAccess } from "../middleware/site-access.ts";
import { describeRoute } from "../openapi/describe.ts";

/** Public endpoints the widget posts to: site & origin check → JSON body → schema → write once. */
export const collect = new Hono<AppEnv>();

collect.use(
  "*",
  siteAccess,
  // siteAccess already refused foreign origins, so whatever arrives here may read the answer.
  cors({ origin: (origin) => origin || null, allowMethods: ["POST"], allowHeaders: ["Content-Type"], maxAge: 7200 }),
);

const answer = (outcome: WriteOutcome) =>
  [{ id: outcome.id, duplicate: outcome.duplicate } satisfies CollectResponse, outcome.created ? 201 : 200] as const;

const collected = (what: string) => ({
  201: { description: `The ${what} was stored.`, schema: CollectResponseSchema },
  200: {
    description: `Already stored (a retry or a repeat within 24 h): the existing ${what}'s id.`,
    schema: CollectResponseSchema,
  },
});

const describeLead = describeRoute({
  summary: "Record a lead (a resource download), exactly once per submissionId",
  tags: ["collect"],
  responses: collected("lead"),
});
const describeInquiry = describeRoute({
  summary: "Record an inquiry (demo, quote or contact), exactly once per submissionId",
  tags: ["collect"],
  responses: collected("inquiry"),
});

collect.post("/lead", describeLead, jsonBody, validate("json", LeadSubmissionSchema), async (c) => {
  const outcome = await recordLead(c.env.DB, c.var.site.id, c.req.valid("json"), Date.now());
  return c.json(...answer(outcome));
});

collect.post("/inquiry", describeInquiry, jsonBody, validate("json", InquirySubmissionSchema), async (c) => {
  const outcome = await recordInquiry(c.env.DB, c.var.site.id, c.req.valid("json"), Date.now());
  return c.json(...answer(outcome));
});
