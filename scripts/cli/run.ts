import { autoreplyCommands } from "./autoreply-commands.ts";
import { type Command, type Context, UsageError } from "./command.ts";
import { cronCommands } from "./cron-commands.ts";
import { commandHelp, groupHelp, mainHelp } from "./help.ts";
import { keyCommands } from "./key-commands.ts";
import { loginCommands, memberCommands } from "./member-commands.ts";
import { originCommands } from "./origin-commands.ts";
import { parse } from "./parse.ts";
import { resourceCommands } from "./resource-commands.ts";
import { ruleCommands } from "./rule-commands.ts";
import { siteCommands } from "./site-commands.ts";
import { webhookCommands } from "./webhook-commands.ts";

/** Every command of the CLI, in help order. */
export const COMMANDS: Command[] = [
  ...siteCommands,
  ...originCommands,
  ...keyCommands,
  ...webhookCommands,
  ...resourceCommands,
  ...autoreplyCommands,
  ...memberCommands,
  ...loginCommands,
  ...ruleCommands,
  ...cronCommands,
];

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Opens the D1 database for these options; the returned close() is called once at the end. */
  openDb(options: { remote: boolean; persist?: string }): Promise<{ db: D1Database; close(): Promise<void> }>;
}

/** Runs the CLI on `argv`; returns the exit code. Never throws, never prints a stack trace. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let close: (() => Promise<void>) | undefined;
  try {
    const parsed = parse(argv, COMMANDS);
    if ("help" in parsed) {
      io.out(
        parsed.help === "main"
          ? mainHelp(COMMANDS)
          : parsed.help === "group"
            ? groupHelp(COMMANDS, parsed.group)
            : commandHelp(parsed.command),
      );
      return 0;
    }
    const remote = parsed.values.remote === true;
    const persist = parsed.values.persist as string | undefined;
    if (remote && persist) throw new UsageError("--remote and --persist exclude each other");
    let db: D1Database | undefined;
    const ctx: Context = {
      remote,
      async db() {
        if (!db) {
          const opened = await io.openDb({ remote, persist });
          close = opened.close;
          db = opened.db;
        }
        return db;
      },
      out: (line = "") => io.out(line),
      warn: (line) => io.err(`warning: ${line}`),
    };
    await parsed.command.run(parsed.values, ctx);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      return 2;
    }
    io.err(`error: ${failure(err)}`);
    return 1;
  } finally {
    await close?.().catch(() => {});
  }
}

/** One line for a failure that is not the caller's mistake, with the fix when we know it. */
function failure(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message.split("\n")[0] : "";
  if (`${message} ${cause}`.includes("no such table") || `${message} ${cause}`.includes("no such column")) {
    return `the database is not migrated (${cause || message}): run npm run db:migrate (or, for --remote, wrangler d1 migrations apply hikiai --remote)`;
  }
  return cause ? `${message}: ${cause}` : message;
}
