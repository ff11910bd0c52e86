import { demoFormSchema, leadFormSchema, requestFormSchema } from "../../shared/form-schemas.ts";
import { LIMITS } from "../../shared/limits.ts";
import type { Attribution, FieldName, FormKind, VisitTouch } from "../contract.ts";
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

/**
 * The schema `make()` builds, on the first call, and parsed once then, so that zod's lazy set-up
 * (run on a schema's first parse) is done as well; the same schema on every later call.
 */
function once<T extends { safeParse(x: unknown): unknown }>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    if (!value) {
      value = make();
      value.safeParse({});
    }
    return value;
  };
}
// Built once per kind, in a task of its own as the visitor enters a form (form.tsx), never while
// a form appears (see shared/form-schemas.ts).
const lead = once(leadFormSchema);
const demo = once(demoFormSchema);
const request = once(requestFormSchema);

/** Where a form posts and what it must validate against: the same schemas the worker uses. */
export function endpointFor(kind: FormKind) {
  if (kind === "lead") return { endpoint: "lead", schema: lead() } as const;
  return { endpoint: "inquiry", schema: kind === "demo" ? demo() : request() } as const;
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

const clip = (value: string, max: number) => value.trim().slice(0, max);

/**
 * Adds attribution (to the context) and hidden fields to a body, cleaned to what the collector
 * accepts: a stale stored touch or an odd data-hidden-* attribute must never stop a visitor's
 * submission. (The chunk does not validate these with zod: see shared/form-schemas.ts.)
 */
export function addExtras(body: Record<string, unknown>, attribution: Attribution, hidden?: Record<string, string>) {
  const isTouch = (t?: VisitTouch) => /^https?:\/\//.test(t?.landingUrl ?? "") && Number.isInteger(t?.at);
  const { first, last } = attribution;
  if (isTouch(first) || isTouch(last)) {
    body.context = {
      ...(body.context as object),
      attribution: { first: isTouch(first) ? first : undefined, last: isTouch(last) ? last : undefined },
    };
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(hidden ?? {}).slice(0, LIMITS.hiddenFields)) {
    if (/^[\w-]+$/.test(name)) fields[name.slice(0, LIMITS.hiddenName)] = clip(value, LIMITS.hiddenValue);
  }
  if (Object.keys(fields).length) body.hidden = fields;
  return body;
}

/**
 * The consent the visitor gave by submitting: a version naming the exact text shown (language +
 * a hash of it, so a reworded notice gets a new version) and the absolute privacy-policy URL.
 * @example consentRecord("送信すると…", "ja").version // "ja-1a2b3c4"
 */
export function consentRecord(text: string, lang: string, privacyUrl?: string) {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = (hash * 33) ^ text.charCodeAt(i);
  return {
    version: `${lang}-${(hash >>> 0).toString(36)}`,
    privacyUrl: privacyUrl && new URL(privacyUrl, location.href).href,
  };
}
