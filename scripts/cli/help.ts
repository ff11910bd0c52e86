import { type Command, commandName, INVOCATION, type OptionSpec } from "./command.ts";
import { COMMON_OPTIONS } from "./parse.ts";

const GROUPS: Record<string, string> = {
  sites: "a site: its name, time zone, and whether it collects",
  origins: "the origins whose pages may submit to a site",
  keys: "API keys for the team API: name, scope, last use, revocation",
  webhooks: "where new inquiries, reminders and digests go: signed webhooks and Slack; secret rotation",
  resources: "the resources a site gates: title, file, delivery on the page or by a mailed link",
  autoreply: "the visitor auto-reply: the sender identity, each form's texts (ja/en), on or off, a preview",
  members: "who signs in to a site's dashboard, with which role (viewer, member, admin)",
  login: "a one-time sign-in link to the dashboard for a member",
  cron: "fire a cron job of the local stack (npm start) now: digest, reminders, sweep, retention",
};

const optionLines = (options: Record<string, OptionSpec>) => {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const notes = [spec.required ? "required" : "", spec.multiple ? "repeatable" : ""].filter(Boolean).join(", ");
    return [flag, `${spec.help}${notes ? ` (${notes})` : ""}`] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
};

const synopsis = (c: Command) =>
  Object.entries(c.options)
    .map(([name, spec]) => {
      const flag = `--${name}${spec.value ? ` ${spec.value}` : ""}`;
      const more = spec.multiple ? "..." : "";
      return spec.required ? `${flag}${more}` : `[${flag}]${more}`;
    })
    .join(" ");

/** `npm run hikiai -- --help` */
export function mainHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => commandName(c).length));
  const lines = [
    "hikiai: manage sites, their origins, API keys, webhooks and members (local D1 by default, --remote for the deployed one)",
    "",
    `Usage: ${INVOCATION} <command> [options]`,
  ];
  for (const [group, about] of Object.entries(GROUPS)) {
    lines.push("", `${group}: ${about}`);
    for (const c of commands.filter((c) => c.group === group)) {
      lines.push(`  ${commandName(c).padEnd(width)}  ${c.summary}`);
    }
  }
  lines.push(
    "",
    "Options of every command:",
    ...optionLines(COMMON_OPTIONS),
    "",
    `Help on one command: ${INVOCATION} <command> --help (e.g. ${INVOCATION} keys create --help).`,
    "Exit codes: 0 done, 1 failed (e.g. database not migrated), 2 wrong usage (one line on stderr).",
  );
  return lines.join("\n");
}

/** `npm run hikiai -- sites --help` */
export function groupHelp(commands: Command[], group: string): string {
  const members = commands.filter((c) => c.group === group);
  return [
    `${group}: ${GROUPS[group] ?? ""}`,
    "",
    ...members.flatMap((c) => [`  ${INVOCATION} ${commandName(c)} ${synopsis(c)}`, `      ${c.summary}`]),
    "",
    `Details: ${INVOCATION} ${group} <subcommand> --help`,
  ].join("\n");
}

/** `npm run hikiai -- keys create --help` */
export function commandHelp(c: Command): string {
  return [
    `${c.summary}.`,
    "",
    `Usage: ${INVOCATION} ${commandName(c)} ${synopsis(c)}`.trimEnd(),
    "",
    "Options:",
    ...optionLines({ ...c.options, ...COMMON_OPTIONS }),
    ...(c.notes?.length ? ["", ...c.notes] : []),
    "",
    "Examples:",
    ...c.examples.map((e) => `  ${e}`),
  ].join("\n");
}
