import fs from "node:fs";

/** What Lifeboat reads of a process from /proc to recognise it again (Linux only, as the engine is). */
export interface ProcInfo {
  pid: number;
  /** R, S, D, Z (zombie: dead, not yet reaped), … */
  state: string;
  pgrp: number;
  session: number;
  /** Start time in clock ticks since boot (field 22): with the boot id, a process's identity. */
  start: string;
}

/** /proc/<pid>/stat, or null when there is no such process. */
export function procInfo(pid: number): ProcInfo | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ")": split after the last one.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { pid, state: f[0]!, pgrp: Number(f[2]), session: Number(f[3]), start: f[19]! };
}

/** Every process visible now. */
export function listProcs(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = procInfo(Number(name));
    if (p) out.push(p);
  }
  return out;
}

let cachedBootId: string | null = null;

/** Changes at every boot: a start time from another boot means nothing. */
export function bootId(): string {
  cachedBootId ??= fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return cachedBootId;
}
