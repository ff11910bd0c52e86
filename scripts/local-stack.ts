import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import type { Server } from "node:http";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import type { Env } from "../worker/env.ts";
import { startDemoServer } from "./demo-server.ts";
import { provisionSite } from "./provision-site.ts";

const ROOT = join(import.meta.dirname, "..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
/** The demo site's public key: fixed, so the demo page and bookmarks keep working across runs. */
export const DEMO_SITE_KEY = "site_demo";

export interface LocalStack {
  siteKey: string;
  apiKey: string;
  collector: string;
  demo: string;
  /** Stops the collector (wrangler dev), as if it were unreachable; D1 data stays on disk. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

/**
 * The product on localhost: local D1 (migrated, demo site + a fresh API key), `wrangler dev`
 * serving the worker and the built widget, and the demo host page on a second origin.
 * Expects the widget to be built (dist/widget/w.js).
 */
export async function startLocalStack(options: {
  workerPort: number;
  demoPort: number;
  persistTo: string;
  log?: (line: string) => void;
}): Promise<LocalStack> {
  const { workerPort, demoPort, persistTo, log = () => {} } = options;
  const collector = `http://localhost:${workerPort}`;
  const demo = `http://localhost:${demoPort}`;

  const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "hikiai", "--local", "--persist-to", persistTo], {
    cwd: ROOT,
    env: quietEnv,
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  // wrangler keeps its local state in <persistTo>/v3; getPlatformProxy takes that folder itself.
  const proxy = await getPlatformProxy<Env>({ persist: { path: join(persistTo, "v3") }, remoteBindings: false });
  const { siteKey, apiKey } = await provisionSite(proxy.env.DB, {
    name: "Demo site",
    siteKey: DEMO_SITE_KEY,
    origins: [demo, `http://127.0.0.1:${demoPort}`],
    label: "local dev",
  }).finally(() => proxy.dispose());

  let worker: ChildProcess | undefined;
  const startWorker = async () => {
    worker = spawn(WRANGLER, ["dev", "--port", String(workerPort), "--persist-to", persistTo], {
      cwd: ROOT,
      env: quietEnv,
      detached: true, // its own process group, so stopping it also stops workerd
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout?.on("data", (d: Buffer) => log(d.toString()));
    worker.stderr?.on("data", (d: Buffer) => log(d.toString()));
    await waitFor(`${collector}/healthz`, worker);
  };
  const stopWorker = async () => {
    const w = worker;
    worker = undefined;
    if (!w || w.exitCode !== null) return;
    const exited = new Promise((resolve) => w.once("exit", resolve));
    process.kill(-w.pid!, "SIGTERM");
    await exited;
  };

  await startWorker();
  const server: Server = await startDemoServer({ port: demoPort, root: join(ROOT, "demo"), collector, siteKey });

  return {
    siteKey,
    apiKey,
    collector,
    demo,
    startWorker,
    stopWorker,
    async stop() {
      server.close();
      await stopWorker();
    },
  };
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
