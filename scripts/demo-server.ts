import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".pdf": "application/pdf",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Serves demo/ as a site owner's page on its own origin, with the embed snippet's
 * __COLLECTOR__ and __SITE_KEY__ filled in, so the widget posts cross-origin as in production.
 */
export function startDemoServer(options: { port: number; root: string; collector: string; siteKey: string }) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    const file = join(options.root, path.endsWith("/") ? `${path}index.html` : path);
    try {
      let body: Buffer | string = await readFile(file);
      if (extname(file) === ".html") {
        body = body
          .toString("utf8")
          .replaceAll("__COLLECTOR__", options.collector)
          .replaceAll("__SITE_KEY__", options.siteKey);
      }
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise<Server>((resolve) => server.listen(options.port, "127.0.0.1", () => resolve(server)));
}
