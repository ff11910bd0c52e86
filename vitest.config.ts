import { createServer } from "node:net";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** A port free now, for the mailbox stand-in the worker's bindings must name before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as import("node:net").AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const WORKERS = Number(process.env.HIKIAI_TEST_WORKERS) || 2;

export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  // The worker tests' mailbox (test/worker/mailbox-setup.ts starts it on this port).
  process.env.HIKIAI_MAILBOX_PORT ??= String(await freePort());
  const mailbox = `http://127.0.0.1:${process.env.HIKIAI_MAILBOX_PORT}`;
  return {
    test: {
      // Two files at a time (vitest's default on 2 cores is one): a scripts file's time is mostly
      // spent waiting on wrangler and workerd, and the worker files take both cores.
      // HIKIAI_TEST_WORKERS changes it (1 on a machine shared with others).
      maxWorkers: WORKERS,
      projects: [
        {
          // The worker in workerd against a real local D1, migrated by the setup file.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              // HIKIAI_SOAK: `npm run soak` scales the fault and fuzz runs up. REFUSAL_FLUSH_MS: refusal
              // counts are written 10 ms after the refusal instead of 1 s, so tests wait less.
              // NOTIFY_RETRY_DELAYS: retries after 1 s, 2 s, then none: short enough for tests, long
              // enough to see the queue wait (the production schedule is unit-tested).
              // DB_2 and SITE_DATABASES: a second D1 that one test site is routed to
              // (test/worker/site-databases.test.ts), so the per-site database seam is exercised.
              miniflare: {
                d1Databases: { DB_2: "hikiai-second" },
                // wrangler.toml's consumers, but a batch goes to the consumer as soon as it has a
                // message instead of after max_batch_timeout (a second): every test that waits for a
                // webhook or a mail waited that second. Retries still wait their delays (below).
                queueConsumers: {
                  "hikiai-notifications": {
                    maxBatchSize: 10,
                    maxBatchTimeout: 0,
                    maxRetries: 5,
                    deadLetterQueue: "hikiai-notifications-dlq",
                  },
                  "hikiai-notifications-dlq": { maxBatchSize: 10, maxBatchTimeout: 0, maxRetries: 3 },
                },
                bindings: {
                  SITE_DATABASES: JSON.stringify({ DB_2: ["00000000-0000-4000-8000-00000000db02"] }),
                  TEST_MIGRATIONS: migrations,
                  HIKIAI_SOAK: process.env.HIKIAI_SOAK ?? "",
                  REFUSAL_FLUSH_MS: "10",
                  NOTIFY_RETRY_DELAYS: "1,2,0",
                  // The real receiver (receiver-setup.ts) listens on 127.0.0.1, which production
                  // refuses as a webhook target; localhost and other local hosts stay refused.
                  WEBHOOK_LOCAL_TARGETS: "127.0.0.1",
                  // Mail goes to the local mailbox stand-in (mailbox-setup.ts), through the
                  // default provider's binding shape; tests of Resend's API point RESEND_API_URL there.
                  MAIL_BINDING_URL: `${mailbox}/cloudflare/send`,
                  RESEND_API_URL: mailbox,
                  // Signs the mailed download links (lib/download-link.ts); a secret in production.
                  DOWNLOAD_LINK_SECRET: "test-download-link-secret",
                  PUBLIC_URL: "https://collector.test",
                },
              },
            }),
          ],
          test: {
            name: "worker",
            include: ["test/worker/**/*.test.ts"],
            // One workerd per vitest worker for all the files it runs, instead of one per file: starting
            // it, migrating its D1s and importing the worker cost each file more than most files'
            // tests take. The setup file gives each file an empty database and fresh modules.
            isolate: false,
            setupFiles: ["test/worker/apply-migrations.ts"],
            // Not a speed limit (speed is benchmarked): a test that seeds D1 on a busy 2-core
            // machine can take longer than vitest's 5 s default.
            testTimeout: 30_000,
            // A real HTTP webhook receiver (Node) for the notification tests, and the local
            // Turnstile stand-in (siteverify) for the Turnstile tests, and the Cloudflare Access
            // stand-in (a team's certs, signed tokens) for the Access sign-in tests.
            globalSetup: [
              "test/worker/receiver-setup.ts",
              "test/worker/turnstile-setup.ts",
              "test/worker/access-setup.ts",
              "test/worker/mailbox-setup.ts",
            ],
          },
        },
        {
          // Pure logic, in Node.
          test: { name: "unit", include: ["test/unit/**/*.test.ts"], environment: "node" },
        },
        {
          // The npm scripts (the hikiai CLI, npm start's demo site) against a real local D1.
          test: {
            name: "scripts",
            include: ["test/scripts/**/*.test.ts"],
            environment: "node",
            testTimeout: 60_000,
            hookTimeout: 120_000,
            globalSetup: ["test/d1-template-setup.ts"],
          },
        },
        {
          // The built widget in Debian's Chromium against `wrangler dev` and the demo host page.
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            testTimeout: 60_000,
            hookTimeout: 120_000,
            // expect.poll waits for the page (a status line, a row), never for a speed (speed is
            // benchmarked): its default of a second fails a test on a loaded machine.
            expect: { poll: { timeout: 20_000 } },
            globalSetup: ["test/d1-template-setup.ts"],
            // Beside each other and the other projects' files (each on ports, a D1 and a browser of
            // its own; test/unit/test-ports.test.ts keeps the ports apart): a browser file mostly
            // waits on wrangler dev and Chromium, so two at a time take about half as long.
            // HIKIAI_BROWSER_PARALLEL=0 runs them one at a time after the rest, where a busy
            // machine would stretch their waits past the timeouts.
            ...(process.env.HIKIAI_BROWSER_PARALLEL === "0" ? { fileParallelism: false } : {}),
          },
        },
      ],
    },
  };
});
