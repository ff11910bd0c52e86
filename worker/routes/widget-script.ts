import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { describeRoute } from "../openapi/describe.ts";

/** GET /w.js (the loader) and GET /f-<hash>.js (the forms chunk): one deployment serves all. */
export const widgetScript = new Hono<AppEnv>();

/** The built file at `path` from the ASSETS binding, as JavaScript with `headers` added. */
async function script(c: Context<AppEnv>, path: string, headers: Record<string, string>) {
  // The widget's build is dist/widget/ inside the assets directory dist/ (beside the dashboard's).
  const asset = await c.env.ASSETS.fetch(new URL(`/widget${path}`, c.req.url));
  if (!asset.ok) return c.notFound();
  const res = new Response(asset.body, asset);
  res.headers.set("Content-Type", "text/javascript; charset=utf-8");
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

// Short max-age so a new deployment reaches visitors within minutes; the ETag makes the
// revalidation cheap. The script has no per-site content, so shared caches may keep it.
widgetScript.get(
  "/w.js",
  describeRoute({
    summary: "The widget loader",
    description:
      'Embed it in each page\'s <head>: <script src="…/w.js" data-site="SITE_KEY" data-privacy-url="/privacy" async blocking="render"></script> (blocking="render": the inline forms\' room is reserved before the first paint, no layout shift).',
    tags: ["widget"],
    responses: { 200: { description: "JavaScript, cached 5 minutes.", contentType: "text/javascript" } },
  }),
  (c) => script(c, "/w.js", { "Cache-Control": "public, max-age=300, stale-while-revalidate=86400" }),
);

// The chunk's name changes with its content, so it can be cached for good. It is imported as
// a module from the host page's origin, which needs CORS; it holds nothing private.
widgetScript.get(
  "/:file{[fta]-[0-9a-f]+\\.js}",
  describeRoute({
    summary:
      "The widget's chunks: forms (f-<content hash>.js), imported by w.js when a form is needed, and " +
      "Turnstile (t-<content hash>.js) and form analytics (a-<content hash>.js), imported by the forms chunk for sites that use them",
    tags: ["widget"],
    responses: {
      200: {
        description: "JavaScript module, immutable, Access-Control-Allow-Origin: *.",
        contentType: "text/javascript",
      },
    },
    errors: [404],
  }),
  (c) =>
    script(c, `/${c.req.param("file")}`, {
      "Cache-Control": "public, max-age=31536000, immutable",
      "Access-Control-Allow-Origin": "*",
    }),
);
