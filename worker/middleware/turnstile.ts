import type { MiddlewareHandler } from "hono";
import type { SubmissionKind } from "../db/submissions.ts";
import { isStoredSubmission } from "../db/submissions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { idempotencyKey, SITEVERIFY_URL, siteverify } from "../lib/siteverify.ts";
import { withDoc } from "../openapi/describe.ts";

type Verifiable = { submissionId: string; turnstileToken?: string };

/**
 * Verifies the body's Turnstile token with the site's secret before the submission is written,
 * for sites that use Turnstile; fails closed (403 turnstile_failed, 503 turnstile_unavailable).
 * Runs after the body's validator. Sites without Turnstile pass through at no cost.
 *
 * Exactly once: a retry of a submission that is already stored is let through unverified (its
 * token is spent and may have expired), and the write batch answers `200 duplicate` (or 422 for
 * another body), as for any site. A retry of one that is not stored verifies again with the same
 * idempotency key, which siteverify answers with its first result.
 */
export function verifyTurnstile(kind: SubmissionKind): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { site } = c.var;
    if (!site.turnstile) return next();
    // The validator ran first, so this is the parsed body (Hono caches it per target).
    const body = (c.req.valid as (target: "json") => Verifiable)("json");
    if (await isStoredSubmission(c.var.db, site.id, kind, body.submissionId)) return next();
    if (!body.turnstileToken) {
      throw new ApiError(403, "turnstile_failed", "This site requires a Turnstile token.", {
        turnstileToken: "is required: this site uses Turnstile",
      });
    }
    const verdict = await siteverify(c.env.TURNSTILE_VERIFY_URL || SITEVERIFY_URL, {
      secret: site.turnstile.secret,
      response: body.turnstileToken,
      remoteip: c.req.header("cf-connecting-ip"),
      idempotencyKey: await idempotencyKey(kind, body.submissionId, body.turnstileToken),
    });
    if (verdict.ok) return next();
    if (!verdict.unavailable) {
      throw new ApiError(403, "turnstile_failed", "The Turnstile token could not be verified.", {
        turnstileToken: verdict.reason,
      });
    }
    // The site owner's problem (bad secret) or Cloudflare's (unreachable): logged for the owner,
    // and a 5xx, so that the widget keeps the submission and tries again.
    console.error(`turnstile: site ${site.siteKey}: ${verdict.reason}`);
    throw new ApiError(503, "turnstile_unavailable", "The Turnstile token cannot be verified right now.", {
      turnstileToken: "could not be verified right now; the submission was not stored, try again",
    });
  };
  return withDoc(middleware, { errors: [403, 503] });
}
