import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type * as z from "zod/mini";
import { fieldErrors } from "../../shared/errors.ts";
import { ApiError } from "./api-error.ts";

/** zValidator that answers a failure with our envelope, one reason per field. */
export function validate<T extends keyof ValidationTargets, S extends z.ZodMiniType>(target: T, schema: S) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const code = target === "json" ? "invalid_body" : "invalid_query";
      throw new ApiError(
        400,
        code,
        `The request ${target === "json" ? "body" : target} is not valid.`,
        fieldErrors(result.error.issues),
      );
    }
  });
}
