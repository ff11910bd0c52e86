// npm run bench:embeds: the bytes a visitor downloads for our widget (loader + forms chunk, as
// built) next to the embed scripts of three peers, taken from their npm packages (fetched with
// `npm pack` into a temporary folder at run time, so the repository does not depend on them).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = join(import.meta.dirname, "..");
const dist = join(ROOT, "dist/widget");

interface Peer {
  pkg: string;
  file: string;
  note: string;
}
const PEERS: Peer[] = [
  {
    pkg: "@typeform/embed",
    file: "build/embed.js",
    note: "the form itself is a Typeform app in an iframe (not counted)",
  },
  {
    pkg: "@calcom/embed-core",
    file: "dist/embed/embed.js",
    note: "the booking page is a Cal.com app in an iframe (not counted)",
  },
  {
    pkg: "@formbricks/js",
    file: "dist/index.js",
    note: "a loader: the SDK and survey UI (in-page) come from the Formbricks server at run time (not in the package, not counted)",
  },
];

const measure = (code: Buffer) => ({
  raw: code.length,
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const fmt = (n: number) => n.toLocaleString("en-US");
const row = (name: string, s: ReturnType<typeof measure>, note = "") =>
  console.log(`| ${name} | ${fmt(s.raw)} | ${fmt(s.gzip)} | ${fmt(s.brotli)} | ${note} |`);

const chunk = readdirSync(dist).find((f) => /^f-[0-9a-f]+\.js$/.test(f));
if (!chunk) throw new Error("dist/widget has no forms chunk: run `npm run build` first");
const loader = readFileSync(join(dist, "w.js"));
const forms = readFileSync(join(dist, chunk));

const tmp = mkdtempSync(join(tmpdir(), "hikiai-peers-"));
try {
  console.log("| script | raw B | gzip B | brotli B | note |");
  console.log("| --- | --- | --- | --- | --- |");
  row("hikiai `w.js` (every page)", measure(loader), "loader: outbox, attribution, reserved boxes");
  row(
    `hikiai \`${chunk}\` (on demand)`,
    measure(forms),
    "Preact forms, zod/mini schemas, ja/en texts, CSS; in-page, no iframe",
  );
  row("hikiai, both", measure(Buffer.concat([loader, forms])), "everything a visitor needs to see and submit a form");
  for (const peer of PEERS) {
    const tarball = execFileSync("npm", ["pack", peer.pkg, "--silent"], { cwd: tmp, encoding: "utf8" }).trim();
    execFileSync("tar", ["xzf", tarball], { cwd: tmp });
    const version = JSON.parse(readFileSync(join(tmp, "package/package.json"), "utf8")).version;
    row(`${peer.pkg}@${version} \`${peer.file}\``, measure(readFileSync(join(tmp, "package", peer.file))), peer.note);
    rmSync(join(tmp, "package"), { recursive: true, force: true });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
