import type { Server } from "node:http";
import { join } from "node:path";
import { startDemoServer } from "./demo-server.ts";
import { provisionDemoSite } from "./demo-site.ts";
import { ensureDemoWebhook } from "./demo-webhook.ts";
import { migrateLocalD1, ROOT, startWranglerDev, type WranglerDev, withLocalD1 } from "./local-d1.ts";
import { startTurnstileStandIn, type TurnstileStandIn } from "./turnstile-standin.ts";
import { type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

export interface LocalStack {
  siteKey: string;
  /** The demo site's write key, reused across starts (kept in <persistTo>/demo-api-key). */
  apiKey: string;
  /** False when the key of an earlier start was reused. */
  apiKeyCreated: boolean;
  collector: string;
  demo: string;
  /** The local webhook receiver the demo site's signed webhook points at. */
  receiver: WebhookReceiver;
  /** The local Turnstile stand-in (siteverify and api.js) the worker is pointed at, unless turned off. */
  turnstile?: TurnstileStandIn;
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
  /** Port of the local webhook receiver (0 or absent: any free port). */
  receiverPort?: number;
  /** Path on the receiver the demo webhook posts to, e.g. /fail-first/2/demo (see webhook-receiver.ts). */
  receiverPath?: string;
  onNotification?: (message: ReceivedWebhook) => void;
  /** Worker variables for wrangler dev (e.g. NOTIFY_RETRY_DELAYS). */
  vars?: Record<string, string>;
  /**
   * The Turnstile stand-in's port (0 or absent: any free port); false: none, so the worker talks
   * to Cloudflare's real siteverify and the widget loads Cloudflare's real api.js.
   */
  turnstilePort?: number | false;
}): Promise<LocalStack> {
  const { workerPort, demoPort, persistTo, log } = options;
  const collector = `http://localhost:${workerPort}`;
  const demo = `http://localhost:${demoPort}`;

  migrateLocalD1(persistTo);
  let webhookSecret: string | undefined;
  const receiver = await startWebhookReceiver({
    port: options.receiverPort ?? 0,
    secret: () => webhookSecret,
    onReceive: options.onNotification,
  });
  const { siteKey, apiKey, keyCreated } = await withLocalD1(persistTo, async (db) => {
    const site = await provisionDemoSite(db, { demoPort, secretFile: join(persistTo, "demo-api-key") });
    webhookSecret = await ensureDemoWebhook(db, site.siteKey, `${receiver.url}${options.receiverPath ?? "/demo"}`);
    return site;
  });

  // Sites that turn Turnstile on (e.g. with Cloudflare's test keys) work offline against it.
  const turnstile =
    options.turnstilePort === false ? undefined : await startTurnstileStandIn({ port: options.turnstilePort ?? 0 });
  const vars = {
    ...(turnstile ? { TURNSTILE_VERIFY_URL: turnstile.verifyUrl, TURNSTILE_SCRIPT_URL: turnstile.scriptUrl } : {}),
    ...options.vars,
  };

  let worker: WranglerDev | undefined;
  const startWorker = async () => {
    worker = await startWranglerDev({ port: workerPort, persistTo, log, vars });
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
    receiver,
    turnstile,
    startWorker,
    stopWorker,
    async stop() {
      server.close();
      await stopWorker();
      await receiver.close();
      await turnstile?.close();
    },
  };
}
