import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { LIMITS } from "../../shared/schemas.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";

/** 415 unless the request's media type is one of `types`. */
function requireType(c: Context, types: string[]) {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (!type || !types.includes(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON.", {
      "content-type": `must be ${types.join(" or ")}, got ${type || "none"}`,
    });
  }
}

// Parsing here (the result is cached on the request for the validator) lets a syntax error
// be answered as our invalid_json rather than a bare 400.
async function parseJson(c: Context) {
  try {
    await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.", { body: "is not valid JSON" });
  }
}

/**
 * A JSON body sent as one of `types`, of at most `maxSize` bytes: 415, 413 or 400 otherwise.
 * One middleware calling the three checks in turn rather than three combined with hono/combine,
 * which builds a composed chain of its own on every request (on the collect path).
 */
const jsonBodyOf = (types: string[], maxSize: number): MiddlewareHandler => {
  const limit = bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The body is larger than ${maxSize} bytes.`, {
        body: `must be at most ${maxSize} bytes`,
      });
    },
  });
  return async (c, next) => {
    requireType(c, types);
    // bodyLimit calls its `next` only for a body within the limit (else onError throws).
    await limit(c, async () => {
      await parseJson(c);
      await next();
    });
  };
};

/** Accepts only a JSON body of at most LIMITS.body bytes: 415, 413 or 400 otherwise. */
export const jsonBody = jsonBodyOf(["application/json"], LIMITS.body);
withDoc(jsonBody, { errors: [400, 413, 415] });

/** Bytes of a form analytics beacon: a few counters; a larger body is not the widget's. */
export const BEACON_MAX_BYTES = 4096;

/**
 * A beacon's JSON body: also as text/plain, which is what `navigator.sendBeacon` sends a string as
 * (a JSON content type would need a CORS preflight, which a beacon of a closing page cannot wait for).
 */
export const beaconBody = jsonBodyOf(["application/json", "text/plain"], BEACON_MAX_BYTES);
withDoc(beaconBody, { errors: [400, 413, 415] });
