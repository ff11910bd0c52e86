import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

/** GET /w.js: the built widget, so one deployment is all a site owner needs. */
export const widgetScript = new Hono<AppEnv>();

widgetScript.get("/w.js", async (c) => {
  const asset = await c.env.ASSETS.fetch(new URL("/w.js", c.req.url));
  const res = new Response(asset.body, asset);
  // Short max-age so a new deployment reaches visitors within minutes; the ETag makes the
  // revalidation cheap. The script has no per-site content, so shared caches may keep it.
  res.headers.set("Cache-Control", "public, max-age=300, stale-while-revalidate=86400");
  res.headers.set("Content-Type", "text/javascript; charset=utf-8");
  return res;
});
