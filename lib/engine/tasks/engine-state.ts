/**
 * What the engine holds in memory while it works: the items running in this process (their abort
 * controllers, so a cancel can reach them), parameters that must never be written down (a
 * restore's resolved destination may carry a typed password), and the queue's timer.
 *
 * This is the ONE engine-state singleton on globalThis, and it must be one: Next.js loads server
 * modules in more than one bundle (instrumentation, route handlers, server actions), so a module
 * variable would exist once per bundle, and a cancel from an API route would not find a restore a
 * server action started. The running items and their parameters live here and nowhere else; the
 * other process-wide globals are handles (database, timers, the child-process registry).
 */
export interface ActiveTask {
  key: string;
  kind: string;
  id: number;
  targetId: number | null;
  parentKey: string | null;
  controller: AbortController;
  done: Promise<void>;
}

import type { WalReceiver } from "../pitr/receiver";

export interface EngineState {
  active: Map<string, ActiveTask>;
  /** In-memory parameters by task key (only this process can start those items). */
  params: Map<string, unknown>;
  timer: NodeJS.Timeout | null;
  kicking: boolean;
  kickAgain: boolean;
  /** The WAL streams (pg_receivewal supervisors) this process runs, by target id. */
  walStreams: Map<number, WalReceiver>;
}

const g = globalThis as unknown as { __lifeboatEngine?: EngineState };

export function engineState(): EngineState {
  return (g.__lifeboatEngine ??= { active: new Map(), params: new Map(), timer: null, kicking: false, kickAgain: false, walStreams: new Map() });
}

/** Items running here that hold a slot of the parallel limit (a child runs in its parent's slot). */
export function slotsInUse(st: EngineState = engineState()): number {
  let n = 0;
  for (const a of st.active.values()) if (!a.parentKey || !st.active.has(a.parentKey)) n++;
  return n;
}
