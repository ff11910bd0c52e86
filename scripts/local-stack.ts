import type { Server } from "node:http";
import { join } from "node:path";
import { startDemoServer } from "./demo-server.ts";
import { provisionDemoSite } from "./demo-site.ts";
import { migrateLocalD1, ROOT, startWranglerDev, type WranglerDev, withLocalD1 } from "./local-d1.ts";

export interface LocalStack {
  siteKey: string;
  /** The demo site's write key, reused across starts (kept in <persistTo>/demo-api-key). */
  apiKey: string;
  /** False when the key of an earlier start was reused. */
  apiKeyCreated: boolean;
  collector: string;
  demo: string;
  /** Stops the collector (wrangler dev), as if it were unreachable; D1 data stays on disk. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The product on localhost: local D1 (migrated, demo site + its API key), `wrangler dev`
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
  const { siteKey, apiKey, keyCreated } = await withLocalD1(persistTo, (db) =>
    provisionDemoSite(db, { demoPort, secretFile: join(persistTo, "demo-api-key") }),
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
    apiKeyCreated: keyCreated,
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
