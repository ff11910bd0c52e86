// CPU time of a process group, from Linux's /proc: what a benchmark's requests cost the machine,
// which stays comparable between variants when other work shares the cores (throughput does not).
import { readdirSync, readFileSync } from "node:fs";

const MS_PER_TICK = 10; // USER_HZ is 100 on Linux: /proc/<pid>/stat counts hundredths of a second.

/**
 * CPU milliseconds (user + system) used so far by each program of process group `pgid`, by
 * program name (e.g. `workerd`). Processes that already exited are not counted. Empty where
 * /proc is missing (not Linux).
 */
export function groupCpuMs(pgid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return byName;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // "pid (name) state ppid pgrp …": the name may hold spaces, so split after its parenthesis.
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    const ticks = Number(fields[11]) + Number(fields[12]);
    byName.set(name, (byName.get(name) ?? 0) + ticks * MS_PER_TICK);
  }
  return byName;
}
