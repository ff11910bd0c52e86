import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { getPlatformProxy } from "wrangler";
import type { Env } from "../worker/env.ts";

/** The repository root, where wrangler.toml lives. */
export const ROOT = join(import.meta.dirname, "..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
// CI=true keeps wrangler from prompting. Nothing is looked up on Cloudflare's hosts, which a
// machine without internet would log as warnings with a getaddrinfo stack trace: no metrics, no
// banner (its npm update check; the project pins wrangler), and no download of the `Request.cf`
// sample (miniflare reads CLOUDFLARE_CF_FETCH_ENABLED; it then uses its built-in placeholder).
const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: "true",
};

/**
 * Applies migrations/ to the local D1 kept under `persistTo` (wrangler's --persist-to). When
 * HIKIAI_D1_TEMPLATE names a folder migrated this way (the tests' global setup makes one per run,
 * test/d1-template-setup.ts), an empty `persistTo` gets a copy of it instead: the same database,
 * without a wrangler run that applies every migration again for each test file.
 */
export function migrateLocalD1(persistTo: string): void {
  const template = process.env.HIKIAI_D1_TEMPLATE;
  if (template && (!existsSync(persistTo) || readdirSync(persistTo).length === 0)) {
    cpSync(template, persistTo, { recursive: true });
    return;
  }
  execFileSync(WRANGLER, ["d1", "migrations", "apply", "hikiai", "--local", "--persist-to", persistTo], {
    cwd: ROOT,
    env: WRANGLER_ENV,
    stdio: "pipe",
  });
}

export interface OpenLocalD1 {
  db: D1Database;
  close(): Promise<void>;
}

/**
 * The local D1 under `persistTo`, open in a workerd of its own until `close()`: what wrangler's D1
 * client does per command, kept open. It may stay open beside a wrangler dev on the same folder
 * (SQLite's locks keep the two consistent, as they do for `wrangler d1 execute`), so each statement
 * costs milliseconds instead of a wrangler and workerd start.
 */
export async function openLocalD1(persistTo: string): Promise<OpenLocalD1> {
  // wrangler keeps its state in <persistTo>/v3; getPlatformProxy takes that folder itself.
  const proxy = await getPlatformProxy<Env>({ persist: { path: join(persistTo, "v3") }, remoteBindings: false });
  return { db: proxy.env.DB, close: () => proxy.dispose() };
}

/** Runs `fn` with the local D1 under `persistTo`, then closes it. */
export async function withLocalD1<T>(persistTo: string, fn: (db: D1Database) => Promise<T>): Promise<T> {
  const local = await openLocalD1(persistTo);
  try {
    return await fn(local.db);
  } finally {
    await local.close();
  }
}

/**
 * Rows of `sql` from the local D1 under `persistTo`, through wrangler's D1 client (safe while
 * wrangler dev runs). Never synchronous: the client takes seconds, and a caller's event loop held
 * that long leaves its kept-alive sockets to wrangler dev in the pool after the server has closed
 * them (the next fetch then fails with "other side closed"), and stalls the servers a test runs
 * in its own process (demo page, mailbox, webhook receiver).
 */
export async function queryLocalD1<T = Record<string, unknown>>(persistTo: string, sql: string): Promise<T[]> {
  const { stdout } = await promisify(execFile)(
    WRANGLER,
    ["d1", "execute", "hikiai", "--local", "--persist-to", persistTo, "--json", "--command", sql],
    { cwd: ROOT, env: WRANGLER_ENV, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { results: T[] }[])[0]?.results ?? [];
}

export interface WranglerDev {
  stop(): Promise<void>;
  /** wrangler's process id, also the id of the process group holding it and workerd (benchmarks read their CPU time). */
  pid: number;
}

/**
 * `wrangler dev` on `port` with the local D1 under `persistTo`, resolved once /healthz answers.
 * `entry` replaces wrangler.toml's main (the benchmark wraps the worker).
 */
export async function startWranglerDev(options: {
  port: number;
  persistTo: string;
  entry?: string;
  log?: (text: string) => void;
  /** Worker variables (`--var NAME:VALUE`), e.g. NOTIFY_RETRY_DELAYS for a test. */
  vars?: Record<string, string>;
}): Promise<WranglerDev> {
  const { port, persistTo, entry, log, vars = {} } = options;
  // --test-scheduled: wrangler then does not print its hint to fire crons by URL, which omits the
  // cron expression our scheduled() dispatches on; `npm run hikiai -- cron …` fires them instead.
  const args = [
    "dev",
    ...(entry ? [entry] : []),
    "--port",
    String(port),
    "--persist-to",
    persistTo,
    "--test-scheduled",
    // Its debugger on a port the system picks: left alone, wrangler (as CI) takes 9229 if that is
    // free when it looks, and two wrangler devs starting at once both see it free; the second then
    // fails to start ("Address already in use"), naming neither the port nor the inspector.
    "--inspector-port",
    "0",
  ];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    // A dev registry of its own: the machine-wide one announces every other wrangler dev that
    // starts or stops (tests, other checkouts) to this one. This worker binds no other worker.
    env: { ...WRANGLER_ENV, WRANGLER_REGISTRY_PATH: join(persistTo, "dev-registry") },
    detached: true, // its own process group, so stopping it also stops workerd
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The end of its output goes into the error when it does not come up (a port in use, a bad config).
  let tail = "";
  const onOutput = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-2000);
    log?.(d.toString());
  };
  child.stdout?.on("data", onOutput);
  child.stderr?.on("data", onOutput);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  };
  try {
    await waitForHealthy(`http://localhost:${port}/healthz`, child);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message} on port ${port}; its last output:\n${tail}`);
  }
  return { stop, pid: child.pid as number };
}

async function waitForHealthy(url: string, child: ChildProcess, timeoutMs = 60_000) {
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
