// `npm run hikiai -- cron …` against the real local stack (wrangler dev, local D1, the webhook
// receiver npm start runs): each job fires, the digest reaches the demo site's webhook; and what
// the stack's own log no longer shows a newcomer (lookups of Cloudflare's hosts, a cron hint
// without the cron expression).

import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../scripts/local-stack.ts";
import type { ReceivedWebhook } from "../../scripts/webhook-receiver.ts";
import { expectUsageError, hikiai } from "./cli-helpers.ts";

const offset = Number(process.env.HIKIAI_TEST_PORT_OFFSET ?? 0);
const ports = { worker: 8890 + offset, demo: 5290 + offset };

/** A port nothing listens on (the system picked it free a moment ago). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe("usage", () => {
  it("refuses --remote, a bad zone and a bad URL in one line, exit 2", async () => {
    expectUsageError(await hikiai(null, "cron", "digest", "--remote"), /local stack.*deployed worker runs its own/);
    expectUsageError(await hikiai(null, "cron", "digest", "--time-zone", "Mars/Base"), /--time-zone "Mars\/Base"/);
    expectUsageError(await hikiai(null, "cron", "sweep", "--url", "localhost:8787"), /--url "localhost:8787"/);
    expectUsageError(
      await hikiai(null, "cron", "hourly"),
      /unknown command "cron hourly" \(one of: digest, reminders, sweep, retention\)/,
    );
  });

  it("says in one line, exit 1, when no collector answers", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await hikiai(null, "cron", "digest", "--url", url);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: no collector answers at ${url}: start it with npm start (or pass --url)\n`);
  });
});

describe("on the local stack", () => {
  let stack: LocalStack;
  let persistTo: string;
  let log = "";
  const received: ReceivedWebhook[] = [];

  beforeAll(async () => {
    persistTo = mkdtempSync(join(tmpdir(), "hikiai-cron-"));
    stack = await startLocalStack({
      workerPort: ports.worker,
      demoPort: ports.demo,
      persistTo,
      log: (text) => {
        log += text;
      },
      onNotification: (m) => received.push(m),
    });
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  });

  it("cron digest sends the demo site's digest to its webhook, signed, once a day", async () => {
    const run = await hikiai(null, "cron", "digest", "--url", stack.collector);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Ran the notification cron \(\*\/5 \* \* \* \*\) as of .*, 09:00 in Asia\/Tokyo\.$/m);
    await expect
      .poll(() => received.map((m) => JSON.parse(m.body).type), { timeout: 20_000 })
      .toContain("digest.daily");
    const digest = received.find((m) => JSON.parse(m.body).type === "digest.daily");
    expect(digest?.verified).toBe(true);
    expect(JSON.parse(digest?.body ?? "{}").data.timeZone).toBe("Asia/Tokyo");

    // The same day again: the digest is not sent twice.
    expect((await hikiai(null, "cron", "digest", "--url", stack.collector)).status).toBe(0);
    expect((await hikiai(null, "cron", "sweep", "--url", stack.collector)).status).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(received.filter((m) => JSON.parse(m.body).type === "digest.daily")).toHaveLength(1);
  });

  it("cron reminders, sweep and retention run their job (exit 0)", async () => {
    for (const job of ["reminders", "sweep", "retention"]) {
      const run = await hikiai(null, "cron", job, "--url", stack.collector);
      expect(run.stderr, job).toBe("");
      expect(run.status, job).toBe(0);
    }
  });

  it("the stack's log has no Cloudflare host lookups and no cron hint without its expression", () => {
    expect(log).toContain("Ready on");
    expect(log).not.toMatch(/ENOTFOUND|getaddrinfo|Request\.cf/);
    expect(log).not.toContain("/cdn-cgi/local/scheduled");
    expect(log).not.toMatch(/update available/);
  });
});
