// `npm run hikiai -- <command>`: manage sites, origins, API keys and webhooks in the local D1 (the
// one `npm start` uses) or, with --remote, the deployed one. `--help` on every command.
import { openD1 } from "./cli/open-d1.ts";
import { runCli } from "./cli/run.ts";

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  openDb: openD1,
});
