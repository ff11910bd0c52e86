// argv → the command to run and its option values, or a UsageError that fits on one line.
import { parseArgs } from "node:util";
import { type Command, commandName, INVOCATION, type OptionSpec, type OptionValues, UsageError } from "./command.ts";

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  remote: { type: "boolean", help: "work on the deployed D1 (wrangler's remote bindings, [env.remote])" },
  persist: { type: "string", value: "DIR", help: "the local D1 under DIR (like wrangler's --persist-to)" },
  help: { type: "boolean", help: "show this help" },
};

export type Parsed =
  | { help: "main" }
  | { help: "group"; group: string }
  | { help: "command"; command: Command }
  | { command: Command; values: OptionValues };

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h";

/** Resolves `group name [options]` against `commands`. */
export function parse(argv: string[], commands: Command[]): Parsed {
  const groups = [...new Set(commands.map((c) => c.group))];
  // Options before the command (`--remote keys list`) are options of the command.
  const at = argv.findIndex((arg) => !arg.startsWith("-") && groups.includes(arg));
  const args = at > 0 && !argv.slice(0, at).some(isHelp) ? [...argv.slice(at), ...argv.slice(0, at)] : argv;
  const [group, name, ...rest] = args;
  if (isHelp(group) || group === "help") return { help: "main" };
  if (group === undefined || group.startsWith("-")) {
    throw new UsageError(`missing command (one of: ${groups.join(", ")}); see ${INVOCATION} --help`);
  }
  if (!groups.includes(group)) {
    throw new UsageError(`unknown command "${group}" (one of: ${groups.join(", ")}); see ${INVOCATION} --help`);
  }
  // A command that is its group alone (`login --site …`) takes options right after it.
  const alone = commands.find((c) => c.group === group && c.name === "");
  if (alone) {
    const options = args.slice(1);
    return options.some(isHelp)
      ? { help: "command", command: alone }
      : { command: alone, values: parseOptions(alone, options) };
  }
  const names = commands.filter((c) => c.group === group).map((c) => c.name);
  if (isHelp(name)) return { help: "group", group };
  if (name === undefined || name.startsWith("-")) {
    throw new UsageError(
      `"${group}" needs a subcommand (one of: ${names.join(", ")}); see ${INVOCATION} ${group} --help`,
    );
  }
  const command = commands.find((c) => c.group === group && c.name === name);
  if (!command) {
    throw new UsageError(
      `unknown command "${group} ${name}" (one of: ${names.join(", ")}); see ${INVOCATION} ${group} --help`,
    );
  }
  // --help anywhere wins, even next to wrong options: someone asking for help gets it.
  if (rest.some(isHelp)) return { help: "command", command };
  return { command, values: parseOptions(command, rest) };
}

function parseOptions(command: Command, args: string[]): OptionValues {
  const specs = { ...command.options, ...COMMON_OPTIONS };
  const where = `"${commandName(command)}"`;
  const seeHelp = `see ${INVOCATION} ${commandName(command)} --help`;
  // A string option followed by another option (`--origin --name X`) or by nothing has no value.
  for (const [i, arg] of args.entries()) {
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    if (name && !name.includes("=") && specs[name]?.type === "string") {
      const next = args[i + 1];
      if (next === undefined || next.startsWith("--")) {
        throw new UsageError(`--${name} needs a value (--${name} ${specs[name]?.value ?? "VALUE"}); ${seeHelp}`);
      }
    }
  }
  let values: OptionValues;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [name, { type: spec.type, multiple: spec.multiple ?? false }]),
      ),
      strict: true,
      allowPositionals: false,
    }).values as OptionValues;
  } catch (err) {
    throw new UsageError(`${parseArgsMessage(err, args)} for ${where}; ${seeHelp}`);
  }
  for (const [name, spec] of Object.entries(specs)) {
    // parseArgs would silently keep the last of several values: refuse instead of guessing.
    const given = args.filter((a) => a === `--${name}` || a.startsWith(`--${name}=`)).length;
    if (!spec.multiple && given > 1) throw new UsageError(`--${name} given more than once for ${where}; ${seeHelp}`);
    const value = values[name];
    if (spec.required && (value === undefined || (Array.isArray(value) && value.length === 0))) {
      throw new UsageError(`--${name} ${spec.value ?? "VALUE"} is required for ${where}; ${seeHelp}`);
    }
  }
  return values;
}

/** node:util parseArgs errors, reworded to one short line. */
function parseArgsMessage(err: unknown, args: string[]): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted || args.find((a) => !a.startsWith("-"))}"`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return `${quoted.split(" ")[0]} ${message.includes("does not take") ? "takes no value" : "needs a value"}`;
    default:
      return message.split("\n")[0] ?? "invalid arguments";
  }
}
