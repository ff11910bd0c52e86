import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { every } from "hono/combine";
import { LIMITS } from "../../shared/schemas.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "../openapi/describe.ts";

const requireJsonType: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON.", {
      "content-type": `must be application/json, got ${type || "none"}`,
    });
  }
  await next();
};

// Parsing here (the result is cached on the request for the validator) lets a syntax error
// be answered as our invalid_json rather than a bare 400.
const parseJson: MiddlewareHandler = async (c, next) => {
  try {
    await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.", { body: "is not valid JSON" });
  }
  await next();
};

/** Accepts only a JSON body of at most LIMITS.body bytes: 415, 413 or 400 otherwise. */
export const jsonBody = every(
  requireJsonType,
  bodyLimit({
    maxSize: LIMITS.body,
    onError: () => {
      throw new ApiError(413, "payload_too_large", `The body is larger than ${LIMITS.body} bytes.`, {
        body: `must be at most ${LIMITS.body} bytes`,
      });
    },
  }),
  parseJson,
);
withDoc(jsonBody, { errors: [400, 413, 415] });
