import os from "node:os";
import { runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

export interface ResticLock {
  id: string;
  time: Date;
  exclusive: boolean;
  hostname: string;
  pid: number;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function listLocks(repo: ResticRepo, opts: ResticCallOptions = {}): Promise<ResticLock[]> {
  const { stdout } = await runRestic(repo, ["list", "locks", "--no-lock"], "list locks", { ...opts, capture: true, raw: true });
  const locks: ResticLock[] = [];
  for (const id of stdout.split("\n").map((l) => l.trim()).filter((l) => /^[0-9a-f]{64}$/.test(l))) {
    try {
      const { stdout: body } = await runRestic(repo, ["cat", "lock", id, "--no-lock"], "cat lock", { ...opts, capture: true, raw: true });
      const o = JSON.parse(body) as { time: string; exclusive?: boolean; hostname?: string; pid?: number };
      locks.push({ id, time: new Date(o.time), exclusive: !!o.exclusive, hostname: o.hostname ?? "", pid: o.pid ?? 0 });
    } catch {
      /* removed meanwhile (its restic finished) */
    }
  }
  return locks;
}

/**
 * A lock is Lifeboat's own stale one when this machine wrote it (restic records the OS host
 * name, not --host) and its restic process is gone — and, when given, its pid is one Lifeboat
 * started. Locks of other machines or of running processes are never touched.
 */
export function isOwnStale(lock: ResticLock, ownPids?: ReadonlySet<number>): boolean {
  if (lock.hostname !== os.hostname()) return false;
  if (ownPids && !ownPids.has(lock.pid)) return false;
  return !pidAlive(lock.pid);
}

/**
 * Start-up clean-up: remove the stale locks a crashed Lifeboat left. `restic unlock` removes
 * every stale lock it sees (also another machine's after 30 min), so it only runs when all the
 * stale-looking locks are ours; otherwise nothing is removed and the foreign ones are reported.
 */
export async function unlockOwnStale(repo: ResticRepo, opts: ResticCallOptions & { ownPids?: ReadonlySet<number> } = {}): Promise<{ removed: string[]; foreign: ResticLock[] }> {
  const locks = await listLocks(repo, opts);
  const own = locks.filter((l) => isOwnStale(l, opts.ownPids));
  if (own.length === 0) return { removed: [], foreign: locks };
  // What restic itself would also call stale but is not ours: another host's lock older than 30 min.
  const foreignStale = locks.filter((l) => !own.includes(l) && (l.hostname !== os.hostname() ? Date.now() - l.time.getTime() > 30 * 60_000 : !pidAlive(l.pid)));
  if (foreignStale.length) return { removed: [], foreign: locks.filter((l) => !own.includes(l)) };
  await runRestic(repo, ["unlock"], "unlock", { ...opts, raw: true });
  const left = new Set((await listLocks(repo, opts)).map((l) => l.id));
  return { removed: own.map((l) => l.id).filter((id) => !left.has(id)), foreign: locks.filter((l) => !own.includes(l)) };
}
