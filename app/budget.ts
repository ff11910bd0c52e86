// What a browser downloads before the dashboard can show the inbox: index.html and the files it
// references (scripts, stylesheets, module preloads). Lazy views are other files, not counted.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** index.html and the /app/assets/ files it links, relative to the built app folder. */
export function firstLoadFiles(dir: string): string[] {
  const html = readFileSync(`${dir}/index.html`, "utf8");
  const linked = [...html.matchAll(/(?:src|href)="\/app\/([^"]+)"/g)].map((m) => m[1]!);
  return ["index.html", ...new Set(linked)];
}

/** gzip -9 bytes, as a CDN compresses text. */
export const gzipBytes = (code: Buffer) => gzipSync(code, { level: 9 }).length;
