import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type * as z from "zod/mini";
import { apiReason, fieldErrors } from "../../shared/errors.ts";
import { withDoc } from "../openapi/describe.ts";
import { ApiError } from "./api-error.ts";

/**
 * zValidator that answers a failure with our envelope, one reason per field. The schema also
 * describes the route in the OpenAPI document (json, query, param and header targets).
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodMiniType>(target: T, schema: S) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) {
      const code = target === "json" ? "invalid_body" : "invalid_query";
      throw new ApiError(
        400,
        code,
        `The request ${target === "json" ? "body" : target} is not valid.`,
        fieldErrors(result.error.issues, apiReason),
      );
    }
  });
  const documented = target === "json" || target === "query" || target === "param" || target === "header";
  return withDoc(validator, documented ? { request: { [target]: schema }, errors: [400] } : {});
}
