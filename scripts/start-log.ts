// What `npm start` prints besides its own summary: the worker's output, one prefixed line per
// line, and, before anything starts, one line naming the variable to set when a port is taken.
import { createServer } from "node:net";

/**
 * A writer for a child's output that arrives in chunks: each complete, non-blank line that `keep`
 * lets through is written once with `prefix`; a chunk ending mid-line waits for the rest, so a
 * line is never prefixed twice.
 */
export function linePrefixer(
  prefix: string,
  write: (text: string) => void,
  keep: (line: string) => boolean = () => true,
): (chunk: string) => void {
  let pending = "";
  return (chunk) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    const out = lines.filter((line) => line.trim() !== "" && keep(line)).map((line) => `${prefix}${line}\n`);
    if (out.length) write(out.join(""));
  };
}

const BINDINGS_TITLE = /^Your Worker has access to the following bindings:/;
const BINDINGS_ROW = /^(Binding\s|env\.)/;

/**
 * A `keep` for wrangler dev's output that lets its bindings table through once: wrangler prints
 * it again whenever its runtime restarts (at least once while starting), the same rows each time.
 */
export function bindingsTableOnce(): (line: string) => boolean {
  let seen = false;
  let inRepeat = false;
  return (line) => {
    if (BINDINGS_TITLE.test(line)) {
      inRepeat = seen;
      seen = true;
      return !inRepeat;
    }
    if (inRepeat && BINDINGS_ROW.test(line)) return false;
    inRepeat = false;
    return true;
  };
}

/** Whether something already listens on `port` of the loopback address `host`. */
function taken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => resolve(err.code === "EADDRINUSE" || err.code === "EACCES"));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

export interface PortUse {
  /** The environment variable that moves it, e.g. PORT. */
  variable: string;
  port: number;
  /** What listens there, for people: "the collector". */
  what: string;
}

/**
 * One line for the first port of `uses` that is taken (on 127.0.0.1 or ::1, where localhost
 * servers listen), naming the variable that moves it; undefined when all are free.
 */
export async function portInUseMessage(uses: PortUse[]): Promise<string | undefined> {
  for (const { variable, port, what } of uses) {
    if ((await taken(port, "127.0.0.1")) || (await taken(port, "::1"))) {
      return `error: port ${port} (${what}) is in use: stop what holds it, or choose another port, e.g. ${variable}=${port + 10} npm start`;
    }
  }
  return undefined;
}
