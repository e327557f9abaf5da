import { getDb, type Tx } from "../../db/client";
import { getSettings } from "../../settings/settings";
import { now } from "../clock";
import { TASK_KINDS, kindNamed } from "../tasks/registry";
import { engineState, slotsInUse, type ActiveTask } from "../tasks/engine-state";
import { taskKey, type Candidate, type TaskKind } from "../tasks/task-kind";
import { pollCancelRequests, clearCancelRequest } from "./cancel-requests";
import { jobsOnServer, serverLimits } from "./server-limits";

interface Pick {
  kind: TaskKind;
  c: Candidate;
}

/**
 * THE queue, for every task kind: start queued items, highest priority first (then oldest), while
 * fewer than Settings' maxParallelRuns run in this process (read at every pick, so a change applies
 * at once; a child such as a restore's safety backup runs in its parent's slot, or the restore
 * would wait on a backup that waits for the restore's slot). Kinds that run on their target's
 * server (backups) also keep to that server's `maxParallel` (issue 17). Never two items holding one target —
 * a backup, a restore and a prune of a target never overlap — except a child beside its parent.
 * Pick and claim happen under one write lock, so another process cannot slip in between.
 */
export function kickQueue(): void {
  const st = engineState();
  // A kind's claim or an item's first synchronous steps may queue more work: look again after.
  if (st.kicking) {
    st.kickAgain = true;
    return;
  }
  st.kicking = true;
  let waiting = false;
  try {
    do {
      st.kickAgain = false;
      for (;;) {
        const r = getDb().transaction((tx) => pick(tx), { behavior: "immediate" });
        waiting = r.waiting;
        if (!r.picked) break;
        start(r.picked);
      }
    } while (st.kickAgain);
  } finally {
    st.kicking = false;
  }
  if (waiting || st.active.size > 0) lookAgainSoon(st.active.size > 0 ? ACTIVE_POLL_MS : RECHECK_MS);
}

function pick(tx: Tx): { picked: Pick | null; waiting: boolean } {
  const st = engineState();
  const held = new Map<number, Set<string>>();
  const queued: Pick[] = [];
  for (const kind of TASK_KINDS) {
    for (const h of kind.holders(tx)) {
      if (!held.has(h.targetId)) held.set(h.targetId, new Set());
      held.get(h.targetId)!.add(h.key);
    }
    for (const c of kind.queued(tx)) queued.push({ kind, c });
  }
  queued.sort((a, b) => b.c.priority - a.c.priority || a.c.queuedAt - b.c.queuedAt || a.c.id - b.c.id);
  const limit = getSettings(tx).maxParallelRuns;
  const onServers = serverLimits(tx);
  let waiting = false;
  for (const p of queued) {
    const key = taskKey(p.kind.name, p.c.id);
    if (st.active.has(key)) continue;
    const child = !!p.c.parentKey && st.active.has(p.c.parentKey);
    if (!child && slotsInUse(st) >= limit) {
      waiting = true;
      continue;
    }
    const server = p.kind.runsOnTargetServer && p.c.targetId != null ? onServers.get(p.c.targetId) : undefined;
    if (server && !child && jobsOnServer(st, onServers, server.serverId) >= server.max) {
      waiting = true;
      continue;
    }
    const holders = p.c.targetId == null ? [] : [...(held.get(p.c.targetId) ?? [])].filter((k) => k !== key && k !== p.c.parentKey);
    if (holders.length) {
      waiting = true;
      continue;
    }
    if (p.kind.claim(tx, p.c.id, now())) return { picked: p, waiting };
  }
  return { picked: null, waiting };
}

function start({ kind, c }: Pick): void {
  const st = engineState();
  const key = taskKey(kind.name, c.id);
  const controller = new AbortController();
  const entry: ActiveTask = { key, kind: kind.name, id: c.id, targetId: c.targetId, parentKey: c.parentKey ?? null, controller, done: Promise.resolve() };
  st.active.set(key, entry);
  entry.done = (async () => {
    try {
      await kind.run({ id: c.id, signal: controller.signal, clock: now, kick: kickQueue });
    } catch (e) {
      console.error(`[lifeboat] ${key} crashed in the queue`, e);
    } finally {
      st.active.delete(key);
      st.params.delete(key);
      clearCancelRequest(kind.name, c.id);
      kickQueue();
    }
  })();
}

/** Running here: abort it (its tools die with their process group; the kind records `cancelled`). */
export function abortActive(kind: string, id: number, reason: string): boolean {
  const a = engineState().active.get(taskKey(kind, id));
  if (!a) return false;
  a.controller.abort(kindNamed(kind).cancelError(reason));
  return true;
}

/** Items running in this process (diagnostics, tests, shutdown). */
export function activeTasks(): ActiveTask[] {
  return [...engineState().active.values()];
}

// While items run here, look every second for cancel requests from other processes; while items
// wait on work elsewhere (another console's restore), look again every few seconds.
const ACTIVE_POLL_MS = 1000;
const RECHECK_MS = 5000;

function lookAgainSoon(ms: number): void {
  const st = engineState();
  if (st.timer) return;
  st.timer = setTimeout(() => {
    st.timer = null;
    pollCancelRequests(abortActive);
    kickQueue();
  }, ms);
  st.timer.unref();
}
