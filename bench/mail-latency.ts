// Part of npm run bench: time from a submission (the collect request's answer) to its mail in the
// local mailbox stand-in, through the whole path: outbox row → local queue → consumer → mail
// binding → mailbox. The demo site (npm start's) with a resource delivered by mail: each lead of
// a new address gets the auto-reply with its download link. Sequential samples, so each one is
// the path's own latency, not a queue backlog. A lone message waits for the queue consumer's batch
// timeout (wrangler.toml `max_batch_timeout`), so that wait is printed beside it as the yardstick:
// the rest is the path's own work. Prints p50 / p95; asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalStack } from "../scripts/local-stack.ts";

const SAMPLES = Number(process.env.BENCH_MAIL_SAMPLES ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 8797);
const DEMO_PORT = Number(process.env.BENCH_DEMO_PORT ?? 5197);
const TIMEOUT_MS = 20_000;
// The first consumer in wrangler.toml is the notifications queue's, which carries the mail.
const BATCH_WAIT_MS =
  Number(/max_batch_timeout\s*=\s*(\d+(?:\.\d+)?)/.exec(readFileSync("wrangler.toml", "utf8"))?.[1] ?? Number.NaN) *
  1000;

const arrivals = new Map<string, number>();
const persistTo = mkdtempSync(join(tmpdir(), "hikiai-bench-mail-"));
const stack = await startLocalStack({
  workerPort: PORT,
  demoPort: DEMO_PORT,
  persistTo,
  turnstilePort: false,
  onMail: (m) => {
    if (!arrivals.has(m.to)) arrivals.set(m.to, performance.now());
  },
});

async function teamApi(method: string, path: string, body: unknown) {
  const res = await fetch(`${stack.collector}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

try {
  // The per-site hourly cap of visitor mail (60 by default) would stop a long run.
  await teamApi("PATCH", "/v1/autoreply/sender", { hourlyCap: 10_000 });
  await teamApi("PUT", "/v1/resources/price-list", {
    title: "料金表",
    fileUrl: `${stack.demo}/files/whitepaper.pdf`,
    delivery: "mail",
  });
  const latencies: number[] = [];
  // The first submission warms the worker and the consumer up; it is not counted.
  for (let i = 0; i <= SAMPLES; i++) {
    const email = `bench.mail.${i}.${Date.now()}@example.jp`;
    const res = await fetch(`${stack.collector}/v1/collect/lead?site=${stack.siteKey}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: stack.demo },
      body: JSON.stringify({
        submissionId: crypto.randomUUID(),
        email,
        resourceId: "price-list",
        context: { pageUrl: `${stack.demo}/` },
      }),
    });
    if (!res.ok) throw new Error(`collect: ${res.status} ${await res.text()}`);
    const answered = performance.now();
    const { delivery } = (await res.json()) as { delivery?: string };
    if (delivery !== "mail") throw new Error(`the collector answered delivery ${delivery}, not mail`);
    while (!arrivals.has(email) && performance.now() - answered < TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const at = arrivals.get(email);
    if (at === undefined) throw new Error(`no mail for ${email} within ${TIMEOUT_MS} ms`);
    if (i > 0) latencies.push(at - answered);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)] ?? Number.NaN;
  console.log(
    `\nMail latency, collect answer → the download link's mail in the local mailbox (${latencies.length} sequential leads):` +
      `\n  p50 ${pct(50).toFixed(0)} ms   p95 ${pct(95).toFixed(0)} ms   max ${(latencies.at(-1) ?? Number.NaN).toFixed(0)} ms` +
      `\n  yardstick: the queue's batch wait ${BATCH_WAIT_MS} ms; beyond it p50 ${(pct(50) - BATCH_WAIT_MS).toFixed(0)} ms, p95 ${(pct(95) - BATCH_WAIT_MS).toFixed(0)} ms`,
  );
} finally {
  await stack.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
