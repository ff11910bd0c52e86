import type { Server } from "node:http";
import { join } from "node:path";
import { startDemoServer } from "./demo-server.ts";
import { migrateLocalD1, ROOT, startWranglerDev, type WranglerDev, withLocalD1 } from "./local-d1.ts";
import { provisionSite } from "./provision-site.ts";

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

/**
 * The product on localhost: local D1 (migrated, demo site + a fresh API key), `wrangler dev`
 * serving the worker and the built widget, and the demo host page on a second origin.
 * Expects the widget to be built (dist/widget/w.js).
 */
export async function startLocalStack(options: {
  workerPort: number;
  demoPort: number;
  persistTo: string;
  log?: (text: string) => void;
}): Promise<LocalStack> {
  const { workerPort, demoPort, persistTo, log } = options;
  const collector = `http://localhost:${workerPort}`;
  const demo = `http://localhost:${demoPort}`;

  migrateLocalD1(persistTo);
  const { siteKey, apiKey } = await withLocalD1(persistTo, (db) =>
    provisionSite(db, {
      name: "Demo site",
      siteKey: DEMO_SITE_KEY,
      origins: [demo, `http://127.0.0.1:${demoPort}`],
      label: "local dev",
    }),
  );

  let worker: WranglerDev | undefined;
  const startWorker = async () => {
    worker = await startWranglerDev({ port: workerPort, persistTo, log });
  };
  const stopWorker = async () => {
    await worker?.stop();
    worker = undefined;
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
