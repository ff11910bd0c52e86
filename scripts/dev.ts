// `npm start`: build the widget and the dashboard, then run the collector (wrangler dev + local
// D1, with the notification queue run locally by miniflare), the demo host page on a second localhost origin,
// a local webhook receiver that prints each notification with its signature checked, a local
// mailbox that receives the mail the worker sends, and a local Turnstile stand-in (siteverify and api.js with Cloudflare's test keys' behaviour).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { copyApiReferenceAsset } from "./api-reference-asset.ts";
import { startLocalStack } from "./local-stack.ts";
import { bindingsTableOnce, linePrefixer, portInUseMessage } from "./start-log.ts";
import type { ReceivedWebhook } from "./webhook-receiver.ts";

const ROOT = join(import.meta.dirname, "..");
const WORKER_PORT = Number(process.env.PORT ?? 8787);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 5173);
const RECEIVER_PORT = Number(process.env.RECEIVER_PORT ?? 8788);
// TURNSTILE_PORT=off: no stand-in; Cloudflare's real siteverify and api.js (they accept the test keys too).
const MAILBOX_PORT = Number(process.env.MAILBOX_PORT ?? 8786);
const TURNSTILE_PORT = process.env.TURNSTILE_PORT === "off" ? false : Number(process.env.TURNSTILE_PORT ?? 8789);

// Before the build: a port in use is one line naming the variable to set, not a stack trace later.
const busy = await portInUseMessage([
  { variable: "PORT", port: WORKER_PORT, what: "the collector" },
  { variable: "DEMO_PORT", port: DEMO_PORT, what: "the demo page" },
  { variable: "RECEIVER_PORT", port: RECEIVER_PORT, what: "the webhook receiver" },
  { variable: "MAILBOX_PORT", port: MAILBOX_PORT, what: "the local mailbox" },
  ...(TURNSTILE_PORT === false
    ? []
    : [{ variable: "TURNSTILE_PORT", port: TURNSTILE_PORT, what: "the Turnstile stand-in" }]),
]);
if (busy) {
  console.error(busy);
  process.exit(1);
}

// The dashboard too: the printed Dashboard and Sign in links open /app, which a clone that was
// never built answers with a 503 saying to run `npm run build`.
for (const config of ["widget/vite.config.ts", "app/vite.config.ts"]) {
  const build = spawnSync(join(ROOT, "node_modules/.bin/vite"), ["build", "--config", config], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
copyApiReferenceAsset();

const stack = await startLocalStack({
  workerPort: WORKER_PORT,
  demoPort: DEMO_PORT,
  persistTo: join(ROOT, ".wrangler/state"),
  log: linePrefixer("[worker] ", (text) => process.stdout.write(text), bindingsTableOnce()),
  receiverPort: RECEIVER_PORT,
  onNotification: (m) => console.log(describeNotification(m)),
  turnstilePort: TURNSTILE_PORT,
  mailboxPort: MAILBOX_PORT,
  onMail: (m) => console.log(`[mail] to ${m.to}: ${m.subject}   (${stack.mailboxUrl})`),
});

const signInLink = await stack.signInLink();

console.log(`
hikiai is running.
  Dashboard:       ${stack.collector}/app
  Sign in:         ${signInLink}
                   (demo@hikiai.example, admin of ${stack.siteKey}; valid 15 minutes, once. Another one:
                   npm run hikiai -- login --site ${stack.siteKey} --email demo@hikiai.example${WORKER_PORT === 8787 ? "" : ` --url ${stack.collector}`})
  Demo host page:  ${stack.demo}/          (embeds the widget from the collector)
  Collector:       ${stack.collector}/     (widget at ${stack.collector}/w.js)
  API reference:   ${stack.collector}/docs
  Site key:        ${stack.siteKey}
  API key:         ${stack.apiKey}   (scope write; ${stack.apiKeyCreated ? "new, kept in .wrangler/state/demo-api-key for the next starts" : "the same as last time"})

  Webhook receiver: ${stack.receiver.url}/demo   (the demo site's signed webhook: submit a form
                    and the notification is printed here within seconds)

  Mailbox:          ${stack.mailboxUrl}   (all mail the worker sends lands here, never out: the
                    demo site's auto-reply to a demo submission, for one; JSON at /messages)

  Turnstile:        ${stack.turnstile ? `${stack.turnstile.url} (a local stand-in for Cloudflare's siteverify and api.js)` : "Cloudflare's own (TURNSTILE_PORT=off)"}
                    Try it on the demo site with Cloudflare's test keys, then reload the demo page
                    within a minute:
                    npm run hikiai -- sites set --site ${stack.siteKey} --turnstile-site-key 1x00000000000000000000AA --turnstile-secret 1x0000000000000000000000000000000AA

  Crons:            npm run hikiai -- cron digest${WORKER_PORT === 8787 ? "" : ` --url ${stack.collector}`}   (also: cron reminders, cron sweep, cron retention;
                    wrangler dev runs no crons by itself)

  curl -H "Authorization: Bearer ${stack.apiKey}" ${stack.collector}/v1/inquiries

Ctrl-C stops it. Data stays in .wrangler/state.
`);

const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

/** One line per notification: event, webhook-id, signature check, and who it is about. */
function describeNotification(m: ReceivedWebhook): string {
  const check = m.verified ? "signature ✓" : "signature ✗ (not verified)";
  try {
    const event = JSON.parse(m.body) as {
      type: string;
      data: Record<string, { kind?: string; contact?: { email: string; name: string | null } }>;
    };
    const subject = event.data.inquiry ?? event.data.lead;
    const who = subject?.contact ? ` ${subject.contact.name ?? ""} <${subject.contact.email}>` : "";
    const kind = subject?.kind ? ` ${subject.kind}` : "";
    return `[webhook] ${event.type}${kind}${who}  ${m.id}  ${check}`;
  } catch {
    return `[webhook] ${m.id} (body is not JSON)  ${check}`;
  }
}
