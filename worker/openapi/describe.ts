// Routes describe themselves where they are declared: every middleware and handler of a route
// may carry a piece of its OpenAPI description (the validator its request schema, teamAuth
// its security, describeRoute the summary and responses). document.ts walks `app.routes` and
// merges the pieces, so a schema is written once and the document cannot drift from the code.
import type { MiddlewareHandler } from "hono";
import type * as z from "zod/mini";

/** One documented answer: a JSON body described by a zod schema, or another content type. */
export interface ResponseDoc {
  description: string;
  /** JSON body schema (zod/mini), converted with zod's toJSONSchema. */
  schema?: z.ZodMiniType;
  /** A non-JSON body, e.g. `text/javascript` or `text/csv` (its schema is a string). */
  contentType?: string;
  headers?: Record<string, { description: string; schema: { type: "string" | "integer" } }>;
}

/** Where a validated input comes from, as named by Hono's validators. */
export type RequestTarget = "json" | "query" | "param" | "header";

/** A piece of an operation's description; the pieces of one route are merged. */
export interface RouteDoc {
  /** Name for client generators; derived from method and path when absent (e.g. getV1InquiriesById). */
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  /**
   * Needs `Authorization: Bearer <API key>` (`scope`: the key scope it requires) or, with
   * `session`, a signed-in session cookie instead (the site named by `Hikiai-Site`); `role`: the
   * least member role that may call it.
   */
  security?: { scope?: "read" | "write"; session?: boolean; role?: "member" | "admin" };
  request?: Partial<Record<RequestTarget, z.ZodMiniType>>;
  /** Extra query parameters read by middleware rather than a validator (e.g. `?site=`). */
  queryParameters?: Record<string, { description: string; required: boolean }>;
  responses?: Record<number, ResponseDoc>;
  /** Statuses answered with the error envelope (the document lists their codes; 500 is implied). */
  errors?: number[];
}

/** The property under which a handler carries its piece of description. */
export const ROUTE_DOC = Symbol.for("hikiai.routeDoc");

type Documented = { [ROUTE_DOC]?: RouteDoc };

/** Attaches `doc` to a middleware (or handler) and returns it, typed as before. */
export function withDoc<H extends object>(handler: H, doc: RouteDoc): H {
  const previous = (handler as Documented)[ROUTE_DOC];
  return Object.assign(handler, { [ROUTE_DOC]: previous ? mergeDocs(previous, doc) : doc });
}

/** The description a handler carries, if any. */
export const docOf = (handler: unknown): RouteDoc | undefined =>
  typeof handler === "function" ? (handler as Documented)[ROUTE_DOC] : undefined;

/**
 * A pass-through middleware that only describes its route: summary, tags and success responses.
 * @example
 * app.get("/v1/things", describeRoute({ summary: "List things", responses: { 200: { description: "A page", schema: PageSchema } } }), handler)
 */
export function describeRoute(doc: RouteDoc): MiddlewareHandler {
  return withDoc<MiddlewareHandler>(async (_c, next) => next(), doc);
}

/** Later pieces add to earlier ones; for the same key the later one wins. */
export function mergeDocs(a: RouteDoc, b: RouteDoc): RouteDoc {
  return {
    ...a,
    ...b,
    tags: [...new Set([...(a.tags ?? []), ...(b.tags ?? [])])],
    request: { ...a.request, ...b.request },
    ...(a.security || b.security ? { security: { ...a.security, ...b.security } } : {}),
    queryParameters: { ...a.queryParameters, ...b.queryParameters },
    responses: { ...a.responses, ...b.responses },
    errors: [...new Set([...(a.errors ?? []), ...(b.errors ?? [])])],
  };
}
