import type { MiddlewareHandler } from "hono";

/**
 * CORS for the endpoints the widget calls from its host page: every answer names the calling
 * origin (any origin: whether it may post is the route's decision, which the widget must be
 * able to read), and a preflight is answered at once with `allowMethods`, `allowHeaders` and
 * `maxAge`. The same headers as hono/cors with `origin: (o) => o || null`, set on the answer the
 * route builds (c.header) instead of on a placeholder Response made before the route runs,
 * which hono/cors reads `c.res` for and Hono then copies into the route's own answer.
 */
export function widgetCors(options: {
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders?: string[];
  maxAge: number;
}): MiddlewareHandler {
  const allowMethods = options.allowMethods.join(",");
  const allowHeaders = options.allowHeaders.join(",");
  const exposeHeaders = options.exposeHeaders?.join(",");
  const maxAge = String(options.maxAge);
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (c.req.method === "OPTIONS") {
      const headers = new Headers();
      if (origin) headers.set("Access-Control-Allow-Origin", origin);
      if (exposeHeaders) headers.set("Access-Control-Expose-Headers", exposeHeaders);
      headers.set("Vary", "Origin, Access-Control-Request-Headers");
      headers.set("Access-Control-Max-Age", maxAge);
      headers.set("Access-Control-Allow-Methods", allowMethods);
      headers.set("Access-Control-Allow-Headers", allowHeaders);
      return new Response(null, { headers, status: 204, statusText: "No Content" });
    }
    if (origin) c.header("Access-Control-Allow-Origin", origin);
    if (exposeHeaders) c.header("Access-Control-Expose-Headers", exposeHeaders);
    c.header("Vary", "Origin", { append: true });
    await next();
    // An answer built as a bare Response (not through c.json and the like) does not carry the
    // headers set above: add them, so that no answer of these routes is unreadable to the widget.
    if (origin && !c.res.headers.has("Access-Control-Allow-Origin")) {
      c.header("Access-Control-Allow-Origin", origin);
      if (exposeHeaders) c.header("Access-Control-Expose-Headers", exposeHeaders);
      c.header("Vary", "Origin", { append: true });
    }
  };
}
