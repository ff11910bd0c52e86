import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { describeRoute } from "../openapi/describe.ts";

/** GET /w.js: the built widget, so one deployment is all a site owner needs. */
export const widgetScript = new Hono<AppEnv>();

const describeScript = describeRoute({
  summary: "The widget script (embed with <script src=…/w.js data-site=SITE_KEY async>)",
  tags: ["widget"],
  responses: { 200: { description: "JavaScript, cached 5 minutes.", contentType: "text/javascript" } },
});

widgetScript.get("/w.js", describeScript, async (c) => {
  const asset = await c.env.ASSETS.fetch(new URL("/w.js", c.req.url));
  const res = new Response(asset.body, asset);
  // Short max-age so a new deployment reaches visitors within minutes; the ETag makes the
  // revalidation cheap. The script has no per-site content, so shared caches may keep it.
  res.headers.set("Cache-Control", "public, max-age=300, stale-while-revalidate=86400");
  res.headers.set("Content-Type", "text/javascript; charset=utf-8");
  return res;
});
