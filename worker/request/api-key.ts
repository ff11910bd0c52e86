import type { Context } from "hono";
import { findKey, touchApiKey } from "../db/api-keys.ts";
import { directoryDatabase } from "../db/handle.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { apiKeyFormatProblem, hashApiKey } from "../lib/keys.ts";
import { useSite } from "./use-site.ts";

// `last_used_at` is for a person deciding which keys are stale, so minute precision is plenty,
// and it keeps a busy key from writing to D1 on every request.
const LAST_USED_PRECISION_MS = 60_000;

/**
 * Team API access by machine: `Authorization: Bearer <api key>` selects the one site the key
 * belongs to and sets `site` and `actor`. Looked up on every request (no cache), so a revoked
 * key is refused on its next request. Called by middleware/team-auth.ts.
 */
export async function authenticateApiKey(c: Context<AppEnv>): Promise<void> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const secret = match?.[1];
  // A malformed key (wrong prefix, length or checksum) is refused before any D1 read.
  const problem = secret ? apiKeyFormatProblem(secret) : "is required (Bearer <api key>)";
  const key = problem === null && secret ? await findKey(directoryDatabase(c.env), await hashApiKey(secret)) : null;
  if (!key || key.revoked) {
    c.header("WWW-Authenticate", 'Bearer realm="hikiai"');
    // A revoked key is told so: its holder knows the key existed, and learns nothing else (not
    // when, by whom, nor the site), while a made-up key cannot be told from a mistyped one.
    throw new ApiError(401, "unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.", {
      authorization: key?.revoked
        ? "was revoked: ask the site's admin for a new key"
        : (problem ?? "is not a valid API key"),
    });
  }
  const now = Date.now();
  if (key.lastUsedAt === null || now - key.lastUsedAt >= LAST_USED_PRECISION_MS) {
    // After the answer, not before it: the caller does not wait for this write.
    const touch = touchApiKey(directoryDatabase(c.env), key.id, now, LAST_USED_PRECISION_MS).catch((err) =>
      console.error("last_used_at", err),
    );
    try {
      c.executionCtx.waitUntil(touch);
    } catch {
      // No ExecutionContext (app.request() outside workerd): the write still runs, unawaited.
    }
  }
  useSite(c, key.site);
  c.set("actor", { kind: "key", id: key.id, scope: key.scope });
}
