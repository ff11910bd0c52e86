// Builds the OpenAPI 3.1 document from the app's own routes: each route's handlers carry their
// pieces of description (describe.ts), middleware registered with `use` adds its pieces to the
// routes below its path, and zod's toJSONSchema turns the very schemas that validate requests
// (and type the answers) into JSON Schema 2020-12, which is OpenAPI 3.1's dialect.

import type * as z from "zod/mini";
import { toJSONSchema } from "zod/v4/core";
import { ErrorBodySchema, errorCodesFor } from "../../shared/api.ts";
import { SESSION_COOKIE } from "../../shared/members.ts";
import { docOf, mergeDocs, type ResponseDoc, type RouteDoc } from "./describe.ts";

/** What Hono's `app.routes` holds: one entry per middleware or handler. */
export interface RouterRoute {
  method: string;
  path: string;
  handler: unknown;
}

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const toSchema = (schema: z.ZodMiniType, io: "input" | "output"): JsonSchema => {
  // "any" for transforms (e.g. a cursor decoded by the query schema): the document shows the
  // input side, which is what a client sends.
  const { $schema: _, ...json } = toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return json;
};

/** `/v1/inquiries/:id` → `/v1/inquiries/{id}` (a `{regex}` after the name is dropped). */
export const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

/** Whether middleware registered with `use(pattern)` runs for a route at `path`. */
function covers(pattern: string, path: string): boolean {
  if (pattern === "*" || pattern === "/*") return true;
  const source = pattern
    .split("/")
    .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("/")
    // Hono's `/base/*` also matches `/base` itself.
    .replace(/\/\.\*$/, "(/.*)?");
  return new RegExp(`^${source}$`).test(path);
}

function parameters(doc: RouteDoc, path: string) {
  const params: Record<string, unknown>[] = [];
  const fromSchema = (where: "query" | "path" | "header", schema: z.ZodMiniType | undefined) => {
    if (!schema) return;
    const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property;
      params.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  fromSchema("path", doc.request?.param);
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (!params.some((p) => p.in === "path" && p.name === name)) {
      params.push({ name, in: "path", required: true, schema: { type: "string" } });
    }
  }
  for (const [name, { description, required }] of Object.entries(doc.queryParameters ?? {})) {
    params.push({ name, in: "query", required, description, schema: { type: "string" } });
  }
  fromSchema("query", doc.request?.query);
  fromSchema("header", doc.request?.header);
  return params;
}

const errorResponse = (status: number) => ({
  description: `Error envelope; \`error.code\` is ${errorCodesFor(status)
    .map((code) => `\`${code}\``)
    .join(" or ")}.`,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

function response(doc: ResponseDoc) {
  const content = doc.schema
    ? { "application/json": { schema: toSchema(doc.schema, "output") } }
    : doc.contentType
      ? { [doc.contentType]: { schema: { type: "string" } } }
      : undefined;
  return {
    description: doc.description,
    ...(doc.headers ? { headers: doc.headers } : {}),
    ...(content ? { content } : {}),
  };
}

/** `get` + `/v1/inquiries/{id}` → `getV1InquiriesById`: unique per route, stable across releases. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .map((part) => (part.startsWith("{") ? `by-${part.slice(1, -1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** Either an API key with the scope, or (team routes) a signed-in session. */
function securityOf(security: NonNullable<RouteDoc["security"]>) {
  return [{ apiKey: [security.scope ?? "read"] }, ...(security.session ? [{ session: [] }] : [])];
}

/** The route's description, with the member role it needs when a session calls it. */
function description(doc: RouteDoc): string | undefined {
  const role = doc.security?.session && doc.security.role;
  const needs = role
    ? `With a session: needs the ${role === "member" ? "member or admin" : "admin"} role on the site.`
    : "";
  return [doc.description, needs].filter(Boolean).join(" ") || undefined;
}

function operation(doc: RouteDoc, method: string, path: string): Operation {
  const responses: Record<string, unknown> = {};
  for (const [status, res] of Object.entries(doc.responses ?? {})) responses[status] = response(res);
  // The guards of a route (validators, auth, site checks) declare the errors they answer.
  for (const status of [...(doc.errors ?? []), 500]) responses[status] ??= errorResponse(status);
  return {
    operationId: doc.operationId ?? operationIdOf(method, path),
    ...(doc.summary ? { summary: doc.summary } : {}),
    ...(description(doc) ? { description: description(doc) } : {}),
    ...(doc.tags?.length ? { tags: doc.tags } : {}),
    ...(doc.security ? { security: securityOf(doc.security) } : {}),
    parameters: parameters(doc, path),
    ...(doc.request?.json
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: toSchema(doc.request.json, "input") } },
          },
        }
      : {}),
    responses,
  };
}

export interface DescribedRoute {
  method: string;
  /** Hono's pattern, e.g. `/v1/inquiries/:id`. */
  path: string;
  /** Every piece of description of the route and of the middleware above it, merged. */
  doc: RouteDoc;
}

/** Each route of `routes` (Hono's `app.routes`, middleware excluded) with its merged description. */
export function describedRoutes(routes: readonly RouterRoute[]): DescribedRoute[] {
  // `use` entries (method ALL) are middleware: they describe the routes they cover.
  const middleware = routes.filter((r) => r.method === "ALL");
  const operations = new Map<string, DescribedRoute>();
  for (const route of routes) {
    if (route.method === "ALL") continue;
    const key = `${route.method} ${route.path}`;
    const entry = operations.get(key) ?? {
      method: route.method,
      path: route.path,
      doc: middleware
        .filter((m) => covers(m.path, route.path))
        .reduce<RouteDoc>((doc, m) => mergeDocs(doc, docOf(m.handler) ?? {}), {}),
    };
    entry.doc = mergeDocs(entry.doc, docOf(route.handler) ?? {});
    operations.set(key, entry);
  }
  return [...operations.values()];
}

/** The OpenAPI 3.1 document of every route in `routes` (Hono's `app.routes`). */
export function openApiDocument(routes: readonly RouterRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const { method, path, doc } of describedRoutes(routes)) {
    const oaPath = openApiPath(path);
    paths[oaPath] ??= {};
    paths[oaPath][method.toLowerCase()] = operation(doc, method, oaPath);
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: { Error: toSchema(ErrorBodySchema, "output") },
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description:
            "A site's API key (`hk_live_` + 30 random base62 characters + a 6-character base62 CRC32 checksum), from `npm run hikiai -- keys create`. Scopes: `read`, `write`. A malformed key is refused (401, reason named) before any lookup.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description:
            "A signed-in person's session (the dashboard), set by GET /auth/link. With it, every team request names its site in the `Hikiai-Site` header (a site key the person is a member of), and changes need an `Origin` of the API's own origin (CSRF). Roles per site: viewer reads; member also follows inquiries up; admin also webhooks, settings, members, personal data.",
        },
      },
    },
  };
}
