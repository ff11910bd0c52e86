// `npm start`: build the widget, then run the collector (wrangler dev + local D1) and the demo
// host page on a second localhost origin, until Ctrl-C.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { startLocalStack } from "./local-stack.ts";

const ROOT = join(import.meta.dirname, "..");
const WORKER_PORT = Number(process.env.PORT ?? 8787);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 5173);

const build = spawnSync(join(ROOT, "node_modules/.bin/vite"), ["build", "--config", "widget/vite.config.ts"], {
  cwd: ROOT,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const stack = await startLocalStack({
  workerPort: WORKER_PORT,
  demoPort: DEMO_PORT,
  persistTo: join(ROOT, ".wrangler/state"),
  log: (line) => process.stdout.write(line.replace(/^/gm, "[worker] ")),
});

console.log(`
hikiai is running.
  Demo host page:  ${stack.demo}/          (embeds the widget from the collector)
  Collector:       ${stack.collector}/     (widget at ${stack.collector}/w.js)
  Site key:        ${stack.siteKey}
  API key:         ${stack.apiKey}   (scope write; ${stack.apiKeyCreated ? "new, kept in .wrangler/state/demo-api-key for the next starts" : "the same as last time"})

  curl -H "Authorization: Bearer ${stack.apiKey}" ${stack.collector}/v1/inquiries

Ctrl-C stops it. Data stays in .wrangler/state.
`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
