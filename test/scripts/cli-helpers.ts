import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { openD1 } from "../../scripts/cli/open-d1.ts";
import { runCli } from "../../scripts/cli/run.ts";
import { migrateLocalD1, ROOT } from "../../scripts/local-d1.ts";

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh, migrated local D1 in a temporary folder (wrangler's --persist-to layout). */
export function freshLocalD1(prefix: string): string {
  const persistTo = mkdtempSync(join(tmpdir(), prefix));
  migrateLocalD1(persistTo);
  return persistTo;
}

const persistArgs = (persistTo: string | null) => (persistTo ? ["--persist", persistTo] : []);

// The CLI's real opener (openD1: wrangler's platform proxy on the folder), opened once per folder
// and test file rather than once per CLI run or row read: each opening starts a workerd, about a
// second on an idle machine, which dozens of cases would pay again and again.
const opened = new Map<string, ReturnType<typeof openD1>>();

/** The local D1 under `persistTo`, open until closeLocalD1. */
export async function localD1(persistTo: string): Promise<D1Database> {
  let d1 = opened.get(persistTo);
  if (!d1) {
    d1 = openD1({ remote: false, persist: persistTo });
    opened.set(persistTo, d1);
  }
  return (await d1).db;
}

/** Closes the local D1 under `persistTo` and removes the folder (a file's afterAll). */
export async function closeLocalD1(persistTo: string): Promise<void> {
  const d1 = opened.get(persistTo);
  opened.delete(persistTo);
  await (await d1)?.close();
  rmSync(persistTo, { recursive: true, force: true });
}

/**
 * `npm run hikiai -- …args` in this process: the CLI's own entry (runCli), minus the few hundred
 * ms of starting node and the second of opening the database, which add up over dozens of cases.
 * The database is the file's open one (localD1); hikiaiProcess runs the whole CLI, opener and all.
 */
export async function hikiai(persistTo: string | null, ...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli([...args, ...persistArgs(persistTo)], {
    out: (line) => out.push(`${line}\n`),
    err: (line) => err.push(`${line}\n`),
    openDb: async (options) =>
      options.persist && !options.remote
        ? { db: await localD1(options.persist), close: async () => {} }
        : openD1(options),
  });
  return { status, stdout: out.join(""), stderr: err.join("") };
}

/** `npm run hikiai -- …args` as a real process, to check what the shell sees (exit code, streams). */
export function hikiaiProcess(persistTo: string | null, ...args: string[]): CliRun {
  const res = spawnSync("npm", ["run", "--silent", "hikiai", "--", ...args, ...persistArgs(persistTo)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Rows of `sql` from the local D1 under `persistTo`. */
export const rows = async <T = Record<string, unknown>>(persistTo: string, sql: string, ...binds: unknown[]) =>
  (
    await (
      await localD1(persistTo)
    )
      .prepare(sql)
      .bind(...binds)
      .all<T>()
  ).results;

/** A new site made by the CLI in the local D1 under `persistTo`; its site key. */
export async function createSite(persistTo: string, name: string): Promise<string> {
  const out = await hikiaiOk(persistTo, "sites", "create", "--name", name, "--origin", "https://a.example");
  return /site key:\s+(site_\w+)/.exec(out)![1]!;
}

/** A CLI run that must succeed (exit 0, its stderr shown otherwise); its stdout. */
export async function hikiaiOk(persistTo: string | null, ...args: string[]): Promise<string> {
  const res = await hikiai(persistTo, ...args);
  expect(res.status, res.stderr).toBe(0);
  return res.stdout;
}

/** Wrong usage as the CLI promises it: exit 2, one `error:` line on stderr naming `reason`, no stack trace. */
export function expectUsageError(run: CliRun, reason: RegExp) {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}
