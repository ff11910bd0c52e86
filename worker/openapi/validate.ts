import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import * as z from "zod/mini";
import { apiReason, fieldErrors } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../lib/api-error.ts";
import { withDoc } from "./describe.ts";

/** What a query parameter given twice where it takes one value is told. */
export const REPEATED = "is given more than once";

/**
 * The query parameters of `input` that were given more than once (Hono hands those over as an
 * array) where the schema takes one value: one of the given values passes alone, but not twice.
 * A parameter that takes a list (`?status=new&status=won`) passes as an array and is not named.
 */
function repeatedParameters(schema: z.ZodMiniType, input: unknown): string[] {
  const shape = (schema as { _zod: { def: { shape?: Record<string, z.ZodMiniType> } } })._zod.def.shape;
  if (!shape || typeof input !== "object" || input === null) return [];
  return Object.entries(input).flatMap(([name, value]) => {
    const field = shape[name];
    if (!field || !Array.isArray(value)) return [];
    const alone = value.find((v) => z.safeParse(field, v).success);
    return alone !== undefined && !z.safeParse(field, [alone, alone]).success ? [name] : [];
  });
}

/**
 * zValidator that answers a failure with our envelope, one reason per field. The schema also
 * describes the route in the OpenAPI document (json, query, param and header targets).
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodMiniType>(target: T, schema: S) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      const code = target === "json" ? "invalid_body" : "invalid_query";
      const fields = fieldErrors(result.error.issues, apiReason);
      if (target === "query") for (const name of repeatedParameters(schema, result.data)) fields[name] = REPEATED;
      throw new ApiError(400, code, `The request ${target === "json" ? "body" : target} is not valid.`, fields);
    }
  });
  const documented = target === "json" || target === "query" || target === "param" || target === "header";
  return withDoc(validator, documented ? { request: { [target]: schema }, errors: [400] } : {});
}

/**
 * The same as `validate("json", schema)` for a body already parsed by a body middleware whatever
 * its content type (a beacon's text/plain JSON, middleware/json-body.ts), which Hono's json
 * validator would take as empty. Also the cheaper of the two where the body middleware ran
 * (the collect routes): one synchronous parse, without Hono's validator's content-type check
 * and zod's asynchronous parse around it.
 */
export function validateParsedJson<S extends z.ZodMiniType>(schema: S) {
  const validator: MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> = async (
    c,
    next,
  ) => {
    const result = z.safeParse(schema, await c.req.json());
    if (!result.success) {
      throw new ApiError(
        400,
        "invalid_body",
        "The request body is not valid.",
        fieldErrors(result.error.issues, apiReason),
      );
    }
    c.req.addValidatedData("json", result.data as object);
    await next();
  };
  return withDoc(validator, { request: { json: schema }, errors: [400] });
}
