import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { describeRoute } from "../openapi/describe.ts";
import { openApiDocument, type RouterRoute } from "../openapi/document.ts";

/**
 * GET /v1/openapi.json: the OpenAPI 3.1 document of `app`, generated from its routes on first
 * request (routes do not change while an isolate lives, so it is built once per isolate).
 */
export function openApi(app: { routes: readonly RouterRoute[] }) {
  let document: ReturnType<typeof openApiDocument> | undefined;
  const route = new Hono<AppEnv>();
  route.get(
    "/v1/openapi.json",
    describeRoute({
      summary: "This API's OpenAPI 3.1 document",
      description: "Generated from the zod schemas that validate requests and type answers.",
      tags: ["meta"],
      responses: { 200: { description: "The document.", contentType: "application/json" } },
    }),
    (c) => {
      document ??= openApiDocument(app.routes, { title: "hikiai collector and team API", version: "1" });
      return c.json(document);
    },
  );
  return route;
}
