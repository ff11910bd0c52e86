import { InquirySubmissionSchema, LeadSubmissionSchema } from "../../shared/schemas.ts";
import type { FieldName, FormKind } from "../contract.ts";
import type { PageContext } from "./context.ts";

export interface FieldSpec {
  name: FieldName;
  required?: boolean;
  multiline?: boolean;
}

/**
 * The fields of each form, in order. Short on purpose: every extra field costs conversions, and
 * a name is one field because Japanese names do not split into first/last the Western way.
 */
export function fieldsFor(kind: FormKind): FieldSpec[] {
  const person: FieldSpec[] = [{ name: "email", required: true }, { name: "name" }, { name: "company" }];
  if (kind === "lead") return person;
  if (kind === "demo") return [...person, { name: "preferredTime" }, { name: "message", multiline: true }];
  return [...person, { name: "message", required: true, multiline: true }];
}

/** Where a form posts and what it must validate against: the same schemas the worker uses. */
export function endpointFor(kind: FormKind) {
  return kind === "lead"
    ? ({ endpoint: "lead", schema: LeadSubmissionSchema } as const)
    : ({ endpoint: "inquiry", schema: InquirySubmissionSchema } as const);
}

/**
 * The request body before validation. Empty optional inputs are left out rather than sent as
 * "", so the stored record says "not given" instead of "given as empty".
 */
export function buildBody(
  kind: FormKind,
  values: Partial<Record<FieldName, string>>,
  submissionId: string,
  context: PageContext,
  resourceId?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = { submissionId, context };
  for (const spec of fieldsFor(kind)) {
    const value = values[spec.name] ?? "";
    if (spec.required || value.trim()) body[spec.name] = value;
  }
  if (kind === "lead") body.resourceId = resourceId ?? "";
  else body.kind = kind;
  return body;
}
