// Option values checked by the team API's own schemas, so the CLI accepts exactly what the API does.
import * as z from "zod/mini";
import { apiReason, fieldErrors } from "../../shared/errors.ts";
import { UsageError } from "./command.ts";

/** A request validated by its API schema; the first problem is a usage error naming its option. */
export function parsed<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  option: (field: string) => string,
): z.infer<S> {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const [field, reason] = Object.entries(fieldErrors(result.error.issues, apiReason))[0] ?? ["", "is not valid"];
  throw new UsageError(`${option(field)} ${reason}`);
}
