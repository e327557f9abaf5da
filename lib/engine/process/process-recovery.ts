import fs from "node:fs";
import path from "node:path";
import { bootId, listProcs, procInfo } from "./proc-info";
import { markerDir, type ChildMarker } from "./process-registry";

/**
 * At start-up: kill what a console that is gone (crashed, SIGKILLed) left running — a pg_restore
 * reparented to init still writing into a database, a script's `sleep` — from the markers its
 * children left under <dataDir>/processes. Markers of a console that still runs (another process
 * on the same data directory) are left alone. Returns what was killed, for the log.
 */
export function killLeftoverChildren(): string[] {
  const dir = markerDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const killed: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let m: ChildMarker;
    try {
      m = JSON.parse(fs.readFileSync(file, "utf8")) as ChildMarker;
    } catch {
      fs.rmSync(file, { force: true });
      continue;
    }
    const sameBoot = m.bootId === bootId();
    const owner = procInfo(m.owner.pid);
    if (sameBoot && owner && owner.start === m.owner.start) continue;
    if (sameBoot) {
      const n = killGroup(m);
      if (n > 0) killed.push(`${m.label} (pid ${m.pid}${n > 1 ? ` and ${n - 1} more in its group` : ""})`);
    }
    fs.rmSync(file, { force: true });
  }
  return killed;
}

/**
 * SIGKILL every live member of the child's group, each checked: a member of the child's own
 * session (it was started with setsid), started no earlier than the child. If the child's pid
 * now belongs to another process, its group is long gone: nothing is killed.
 */
function killGroup(m: ChildMarker): number {
  const leader = procInfo(m.pid);
  if (leader && leader.start !== m.start) return 0;
  const members =
    m.pgid == null
      ? leader && leader.state !== "Z"
        ? [leader]
        : []
      : listProcs().filter((p) => p.pgrp === m.pgid && p.session === m.pgid && p.state !== "Z" && BigInt(p.start) >= BigInt(m.start));
  let n = 0;
  for (const p of members) {
    try {
      process.kill(p.pid, "SIGKILL");
      n++;
    } catch {
      /* gone meanwhile */
    }
  }
  return n;
}
