import type { FieldName } from "../contract.ts";

/** Values from `hikiai('prefill', {...})`: forms made afterwards start with them. */
export const prefill: Partial<Record<FieldName, string>> = {};
