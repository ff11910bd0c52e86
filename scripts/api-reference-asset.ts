// Copies Scalar's standalone API reference bundle into dist/docs/, where the worker serves it at
// /docs/scalar.js: the reference at /docs then works without any CDN (a deployment behind a
// strict network, the local stack offline). Run by `npm run build` and `npm start`.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE = join(ROOT, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
export const API_REFERENCE_ASSET = join(ROOT, "dist/docs/scalar.js");

export function copyApiReferenceAsset(): void {
  mkdirSync(dirname(API_REFERENCE_ASSET), { recursive: true });
  copyFileSync(SOURCE, API_REFERENCE_ASSET);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyApiReferenceAsset();
