import { type Context, Hono } from "hono";
import { type CollectResponse, CollectResponseSchema } from "../../shared/api.ts";
import type { FormKind } from "../../shared/autoreply.ts";
import { InquirySubmissionSchema, LeadSubmissionSchema } from "../../shared/schemas.ts";
import { recordInquiry } from "../db/inquiries.ts";
import { recordLead } from "../db/leads.ts";
import type { SubmissionKind, SubmissionMeta, WriteOutcome } from "../db/submissions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { bodyHash, inquiryDedupeKey } from "../lib/body-hash.ts";
import { needsOutbox, outboxFlags } from "../lib/outbox-need.ts";
import { applyUrlPolicy } from "../lib/url-policy.ts";
import { linkMailHasRoom, repeatLinkMail } from "../mail/by-mail.ts";
import { mailLinkProblem } from "../mail/download-link-mail.ts";
import { trapBots } from "../middleware/bot-trap.ts";
import { countRefusals } from "../middleware/count-refusals.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { rateLimitCollect } from "../middleware/rate-limit.ts";
import { checkSiteOrigin, resolveSite } from "../middleware/site-access.ts";
import { verifyTurnstile } from "../middleware/turnstile.ts";
import { widgetCors } from "../middleware/widget-cors.ts";
import { enqueueSoon } from "../notify/enqueue.ts";
import { describeRoute } from "../openapi/describe.ts";
import { validateParsedJson } from "../openapi/validate.ts";

/** Public endpoints the widget posts to: CORS → site → rate limit → origin → JSON body → schema → write once. */
export const collect = new Hono<AppEnv>();

/** What every collect request passes before its body is read, in order (also bench/bench-worker.ts's probes). */
export const collectFront = [
  // Every answer, refusals included, carries CORS headers for the calling origin: a refusal the
  // widget cannot read looks like a network failure, and the widget would queue the submission
  // and retry it for days. The preflight is answered for any origin without a D1 read; whether
  // the origin may post is decided on the POST, whose refusal the widget can then read.
  // Retry-After is exposed so that the widget can honour a 429.
  widgetCors({
    allowMethods: ["POST"],
    allowHeaders: ["Content-Type"],
    exposeHeaders: ["Retry-After"],
    maxAge: 7200,
  }),
  countRefusals,
  // The rate limit comes before the origin check, so a flood of forged Origins is refused by the
  // limiter like any other flood rather than counted (and stored) origin by origin.
  resolveSite,
  rateLimitCollect,
  checkSiteOrigin,
] as const;

collect.use("*", ...collectFront);

type Submission = {
  submissionId: string;
  name?: string;
  company?: string;
  consent?: SubmissionMeta["consent"];
  turnstileToken?: string;
};

/**
 * Writes one submission and answers: 201 stored (or a repeat download counted on its lead), 200 a
 * retry of this submission id (or the same inquiry again), 422 id reused for another body.
 * `body` is what was sent (its hash is the idempotency fingerprint), `kept` the same after the
 * URL policy (what is stored).
 */
async function store<B extends Submission>(
  c: Context<AppEnv>,
  kind: SubmissionKind,
  body: B,
  kept: B,
  write: (meta: SubmissionMeta) => Promise<WriteOutcome>,
  byMail = false,
  fileUrl?: string,
) {
  const { submissionId, name, company, consent } = kept;
  const meta: SubmissionMeta = {
    siteId: c.var.site.id,
    kind,
    submissionId,
    bodyHash: bodyHash(body),
    name,
    company,
    consent,
    // Whether the record needs an outbox row (lib/outbox-need.ts): lead forms are downloads.
    ...outboxFlags(needsOutbox(c.var.site, "kind" in kept ? (kept.kind as FormKind) : "download"), byMail),
  };
  const outcome = await write(meta);
  if (outcome.conflict) {
    // IETF Idempotency-Key draft: a key reused with a different payload is a 422.
    throw new ApiError(422, "submission_conflict", "This submission id was already used for a different body.", {
      submissionId: `was already used for a different ${kind}; send a new id for a new submission`,
    });
  }
  notifyAfterCommit(c, outcome);
  // A repeat download (or a retry) writes no outbox row: mail/by-mail.ts decides what its answer may say.
  const mailed =
    byMail &&
    (outcome.created ||
      (await repeatLinkMail(
        c.env,
        c.var.db,
        { siteId: c.var.site.id, leadId: outcome.id, replay: outcome.replay === true },
        Date.now(),
      )));
  // Not mailed: the page gets the file, and a form without a link of its own gets it from here.
  const delivery = mailed ? { delivery: "mail" as const } : fileUrl ? { fileUrl } : {};
  // Only a retry of this very submission id is answered as one. A repeat download under a new id
  // (the same address and resource within 24 h) is answered as a new lead would be, so whoever
  // posts someone's address and a resource learns nothing of that person's downloads. (The claim
  // cannot tell an inquiry's retry from the same inquiry again, which only whoever typed the same
  // message can send: both answer 200.)
  const replay = outcome.replay === true;
  return c.json({ id: outcome.id, duplicate: replay, ...delivery } satisfies CollectResponse, replay ? 200 : 201);
}

const collected = (what: string) => ({
  201: {
    description: `The ${what} was stored (a repeat download: counted on its lead).`,
    schema: CollectResponseSchema,
  },
  200: {
    description: `A retry of a submission id already stored (or the same inquiry again within 24 h): the ${what}'s id, \`duplicate: true\`. A repeat download under a new id is answered 201 with its lead's id.`,
    schema: CollectResponseSchema,
  },
});

const describeLead = describeRoute({
  summary: "Record a lead (a resource download), exactly once per submissionId",
  tags: ["collect"],
  responses: collected("lead"),
  errors: [422],
});
const describeInquiry = describeRoute({
  summary: "Record an inquiry (demo, quote or contact), exactly once per submissionId",
  tags: ["collect"],
  responses: collected("inquiry"),
  errors: [422],
});

/** After the commit and off the response path: send the outbox row (if one was written) to the queue. */
function notifyAfterCommit(c: Context<AppEnv>, outcome: { notificationId?: string }) {
  const { notificationId } = outcome;
  if (notificationId)
    enqueueSoon(c.env, { notificationId, siteId: c.var.site.id }, (work) => c.executionCtx.waitUntil(work));
}

collect.post(
  "/lead",
  describeLead,
  jsonBody,
  validateParsedJson(LeadSubmissionSchema),
  trapBots,
  verifyTurnstile("lead"),
  async (c) => {
    const json = c.req.valid("json");
    const lead = applyUrlPolicy(json, c.var.site.fullUrls);
    // A resource delivered by mail: the consumer mails the link, so the lead needs its outbox row.
    // Only when the link can go out (a whole sender identity, a worker that signs and mails it):
    // else the answer is "page" and the widget follows the page's own link (docs/downloads.md),
    // never "we mailed you the link" for a mail that will not come. Nor when the consumer would
    // refuse this address the mail (its inbox's cap, the site's hour, suppressed): one read, only
    // for a resource delivered by mail, outside the batch.
    const byMail =
      c.var.site.mailResources?.includes(lead.resourceId) === true &&
      c.var.site.outbox?.mailSender === true &&
      mailLinkProblem(c.env) === null &&
      (await linkMailHasRoom(c.var.db, c.var.site.id, lead.email, Date.now()));
    const fileUrl = c.var.site.resourceFiles?.get(lead.resourceId);
    return store(c, "lead", json, lead, (meta) => recordLead(c.var.db, meta, lead, Date.now()), byMail, fileUrl);
  },
);

collect.post(
  "/inquiry",
  describeInquiry,
  jsonBody,
  validateParsedJson(InquirySubmissionSchema),
  trapBots,
  verifyTurnstile("inquiry"),
  async (c) => {
    const json = c.req.valid("json");
    const inquiry = applyUrlPolicy(json, c.var.site.fullUrls);
    const dedupeKey = inquiryDedupeKey(inquiry);
    return store(c, "inquiry", json, inquiry, (meta) => recordInquiry(c.var.db, meta, inquiry, dedupeKey, Date.now()));
  },
);
