import type { Server } from "node:http";
import { join } from "node:path";
import { normaliseEmail } from "../shared/email.ts";
import { LINK_TTL_MS } from "../worker/db/sessions.ts";
import { hashToken, newToken } from "../worker/lib/session-token.ts";
import { ensureDemoAutoReply } from "./demo-autoreply.ts";
import { startDemoServer } from "./demo-server.ts";
import { DEMO_MEMBER, provisionDemoSite } from "./demo-site.ts";
import { ensureDemoWebhook } from "./demo-webhook.ts";
import { migrateLocalD1, openLocalD1, ROOT, startWranglerDev, type WranglerDev } from "./local-d1.ts";
import { type MailboxMessage, type MailboxStandIn, startMailboxStandIn } from "./mailbox-standin.ts";
import { startTurnstileStandIn, type TurnstileStandIn } from "./turnstile-standin.ts";
import {
  LOCAL_WEBHOOK_TARGETS,
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./webhook-receiver.ts";

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
  /** The local mailbox stand-in that receives all mail the worker sends (scripts/mailbox-standin.ts). */
  mailbox: MailboxStandIn;
  /** Its base URL: the page, and GET /messages. */
  mailboxUrl: string;
  /**
   * The same local D1, open beside wrangler dev until `stop()` (scripts/local-d1.ts openLocalD1):
   * for tests and tools that set rows up or read them directly.
   */
  db: D1Database;
  /**
   * A fresh one-time sign-in link (`<collector>/auth/link?token=…`, 15 minutes) for a member of a
   * site: by default the demo site's admin (demo@hikiai.example). Throws if they are not its member.
   */
  signInLink(email?: string, siteKey?: string): Promise<string>;
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
  /** The mailbox stand-in's port (0 or absent: any free port). */
  mailboxPort?: number;
  onMail?: (message: MailboxMessage) => void;
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

  // Sites that turn Turnstile on (e.g. with Cloudflare's test keys) work offline against it.
  const turnstile =
    options.turnstilePort === false ? undefined : await startTurnstileStandIn({ port: options.turnstilePort ?? 0 });
  // Mail goes to the local mailbox through the default provider's binding shape, never out.
  const mailbox = await startMailboxStandIn({ port: options.mailboxPort ?? 0, onMessage: options.onMail });
  const vars = {
    // The demo webhook posts to the receiver on this machine, which production refuses.
    WEBHOOK_LOCAL_TARGETS: LOCAL_WEBHOOK_TARGETS,
    MAIL_BINDING_URL: mailbox.bindingUrl,
    RESEND_API_URL: mailbox.url,
    // Mailed download links (docs/downloads.md): signed with a key that is only ever local, and
    // pointing at this collector.
    DOWNLOAD_LINK_SECRET: "local-only-download-link-secret",
    PUBLIC_URL: collector,
    // Links into the dashboard (team mail, sign-in links by mail) open this collector.
    APP_ORIGIN: collector,
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

  // The demo site is written while wrangler dev starts: the worker reads sites per request, and
  // no request reaches it before both are done.
  const provision = async () => {
    const local = await openLocalD1(persistTo);
    try {
      const site = await provisionDemoSite(local.db, { demoPort, secretFile: join(persistTo, "demo-api-key") });
      const webhookUrl = `${receiver.url}${options.receiverPath ?? "/demo"}`;
      webhookSecret = await ensureDemoWebhook(local.db, site.siteKey, webhookUrl);
      await ensureDemoAutoReply(local.db, site.siteKey);
      return { local, ...site };
    } catch (error) {
      await local.close();
      throw error;
    }
  };
  const [up, demoSite] = await Promise.allSettled([startWorker(), provision()]);
  if (up.status === "rejected" || demoSite.status === "rejected") {
    await stopWorker();
    if (demoSite.status === "fulfilled") await demoSite.value.local.close();
    await Promise.all([receiver.close(), turnstile?.close(), mailbox.close()]);
    throw up.status === "rejected" ? up.reason : (demoSite as PromiseRejectedResult).reason;
  }
  const { local, siteKey, apiKey, keyCreated } = demoSite.value;
  const server: Server = await startDemoServer({ port: demoPort, root: join(ROOT, "demo"), collector, siteKey });

  // What `login` stores (worker/db/sessions.ts).
  const signInLink = async (email: string = DEMO_MEMBER.email, forSite = siteKey) => {
    const token = newToken();
    const now = Date.now();
    const { results } = await local.db
      .prepare(
        `INSERT INTO sign_in_links (token_hash, member_id, site_id, created_at, expires_at)
         SELECT ?, m.id, s.id, ?, ? FROM members m
         JOIN site_members sm ON sm.member_id = m.id JOIN sites s ON s.id = sm.site_id
         WHERE m.email = ? AND s.site_key = ? RETURNING token_hash`,
      )
      .bind(await hashToken(token), now, now + LINK_TTL_MS, normaliseEmail(email), forSite)
      .all();
    if (results.length !== 1) throw new Error(`${email} is not a member of ${forSite}`);
    return `${collector}/auth/link?token=${token}`;
  };

  return {
    siteKey,
    signInLink,
    apiKey,
    apiKeyCreated: keyCreated,
    collector,
    demo,
    receiver,
    turnstile,
    mailbox,
    mailboxUrl: mailbox.url,
    db: local.db,
    startWorker,
    stopWorker,
    async stop() {
      server.close();
      await stopWorker();
      await receiver.close();
      await turnstile?.close();
      await mailbox.close();
      await local.close();
    },
  };
}
