import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { describeRoute } from "../openapi/describe.ts";

/** Where the reference page loads Scalar's bundle from: our own assets (dist/docs/scalar.js), no CDN. */
export const API_REFERENCE_SCRIPT = "/docs/scalar.js";

/**
 * GET /docs: an interactive reference of GET /v1/openapi.json (Scalar). The page only points at
 * the generated document, so the document stays the one source.
 */
export const apiReference = new Hono<AppEnv>();

apiReference.get(
  "/docs",
  describeRoute({
    summary: "This API's interactive reference (Scalar), rendering /v1/openapi.json",
    tags: ["meta"],
    responses: { 200: { description: "An HTML page.", contentType: "text/html" } },
  }),
  Scalar({
    url: "/v1/openapi.json",
    cdn: API_REFERENCE_SCRIPT,
    pageTitle: "hikiai API reference",
    // Nothing from third parties: system fonts, no telemetry, no AI agent (Scalar's own service);
    // "try it" requests go straight to this origin.
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
  }),
);

apiReference.get(
  API_REFERENCE_SCRIPT,
  describeRoute({
    summary: "The reference page's script (Scalar's standalone bundle)",
    tags: ["meta"],
    responses: { 200: { description: "JavaScript, cached an hour.", contentType: "text/javascript" } },
    errors: [404],
  }),
  async (c) => {
    const asset = await c.env.ASSETS.fetch(new URL(API_REFERENCE_SCRIPT, c.req.url));
    if (!asset.ok) return c.notFound();
    const res = new Response(asset.body, asset);
    res.headers.set("Content-Type", "text/javascript; charset=utf-8");
    res.headers.set("Cache-Control", "public, max-age=3600");
    res.headers.set("X-Content-Type-Options", "nosniff");
    return res;
  },
);
