import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { describeRoute } from "../openapi/describe.ts";

/**
 * GET /app and /app/*: the dashboard (app/, built into dist/app/). A built file is served as it
 * is; any other path under /app is one of the dashboard's own routes, so it gets index.html and
 * the dashboard's router picks the view (reloads and shared links work).
 */
export const dashboard = new Hono<AppEnv>();

// The dashboard talks only to this origin; it is never framed (clickjacking on follow-up buttons).
const PAGE_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
};

async function serve(c: Context<AppEnv>) {
  const path = new URL(c.req.url).pathname;
  // Hashed names change with their content: cache for good. Anything else may change on deploy.
  if (path.startsWith("/app/assets/")) {
    const asset = await c.env.ASSETS.fetch(new URL(path, c.req.url));
    if (!asset.ok) return c.notFound();
    const res = new Response(asset.body, asset);
    res.headers.set("Cache-Control", "public, max-age=31536000, immutable");
    res.headers.set("X-Content-Type-Options", "nosniff");
    return res;
  }
  const page = await c.env.ASSETS.fetch(new URL("/app/index.html", c.req.url));
  if (!page.ok) return c.text("The dashboard is not built: run `npm run build`.", 503);
  const res = new Response(page.body, page);
  res.headers.set("Content-Type", "text/html; charset=utf-8");
  // no-cache: a new deployment's index.html (naming new hashed files) is picked up at once.
  res.headers.set("Cache-Control", "no-cache");
  for (const [name, value] of Object.entries(PAGE_HEADERS)) res.headers.set(name, value);
  return res;
}

const describePage = (operationId?: string) =>
  describeRoute({
    summary: "The team dashboard (sign in with `npm run hikiai -- login`); its own routes and built files",
    tags: ["dashboard"],
    ...(operationId ? { operationId } : {}),
    responses: {
      200: {
        description: "index.html (no-cache), or a built file under /app/assets/ (immutable).",
        contentType: "text/html",
      },
    },
    errors: [404],
  });

dashboard.get("/app", describePage(), serve);
// `/app/` would get the same generated operationId as `/app`.
dashboard.get("/app/", describePage("getAppWithSlash"), serve);
dashboard.get("/app/:path{.+}", describePage(), serve);
