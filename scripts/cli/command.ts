// The shape of a CLI command, its errors and its output helpers. Commands are declared as data
// (options with their help) so that parsing, --help and the usage errors come from one place.

/**
 * Wrong usage: printed as one line, exit code 2 (unknown command or option, missing or bad
 * value, unknown site). Any other error is a failure: one line too, exit code 1.
 */
export class UsageError extends Error {}

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  required?: boolean;
  /** Shown in help, e.g. "URL". */
  value?: string;
  help: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Context {
  /** The D1 database, opened on first use (so usage errors never wait for it). */
  db(): Promise<D1Database>;
  /** Whether the command works on the deployed database. */
  remote: boolean;
  out(line?: string): void;
  warn(line: string): void;
}

export interface Command {
  group: string;
  /** "" for a command that is its group alone (`login`). */
  name: string;
  summary: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Extra lines of help after the options. */
  notes?: string[];
  run(values: OptionValues, ctx: Context): Promise<void>;
}

/** `keys create`, or `login` for a command without a subcommand. */
export const commandName = (c: Pick<Command, "group" | "name">) => (c.name ? `${c.group} ${c.name}` : c.group);

/** How the CLI is invoked, as shown in help and hints. */
export const INVOCATION = "npm run hikiai --";

/** `--json` of the list commands: machine-readable output for scripts (e.g. piped to jq). */
export const JSON_OPTION: OptionSpec = { type: "boolean", help: "print a JSON array instead of a table" };

/** Typed access to a parsed option (parseArgs has already checked its type). */
export const str = (values: OptionValues, name: string) => values[name] as string | undefined;
export const strs = (values: OptionValues, name: string) => (values[name] as string[] | undefined) ?? [];

/** Left-aligned columns, for list output. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "));
}

/** A stored time for people: "2026-11-26 09:15 UTC", or a placeholder. */
export const formatTime = (ms: number | null, none = "never") =>
  ms === null ? none : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
