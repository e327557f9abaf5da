import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { execa, type Options, type ResultPromise } from "execa";
import { onExit } from "signal-exit";
import { env } from "../../env";
import { bootId, procInfo } from "./proc-info";

/**
 * Every process Lifeboat starts (backup tools, hooks, scripts, zstd, restore clients such as
 * pg_restore, mariadb, psql, redis-server) runs in its own process group and is registered here,
 * so it dies with the console:
 * - in memory: on exit, SIGTERM, SIGINT or SIGHUP (signal-exit; Next's own shutdown ends in
 *   process.exit, which signal-exit sees too) every registered group is killed;
 * - on disk: a marker per child under <dataDir>/processes names its group, its start time and the
 *   console that started it, so start-up recovery (process-recovery.ts) kills what a crashed
 *   console left running. The start time (with the boot id) makes sure a recycled pid — pid_max
 *   may be 32768 — is never killed.
 * Own group = `detached: true`, which is also why execa's own `cleanup` does not apply to them.
 * A child's registration ends when it exits; what it left running in its group after that (a
 * script's `daemon &`) is its own business.
 */

export interface ChildMarker {
  pid: number;
  /** The child leads its own group (pgid = pid); null when it does not (then only the pid is signalled). */
  pgid: number | null;
  start: string;
  bootId: string;
  label: string;
  owner: { pid: number; start: string };
  startedAt: string;
}

// One registry per process even when Next loads this module in several bundles.
const g = globalThis as unknown as { __lifeboatChildren?: Map<number, ChildMarker>; __lifeboatChildExitHook?: boolean };
const live: Map<number, ChildMarker> = (g.__lifeboatChildren ??= new Map());
const byChild = new WeakMap<object, ChildMarker>();

export const markerDir = () => path.join(env().dataDir, "processes");
const markerFile = (m: ChildMarker) => path.join(markerDir(), `${m.owner.pid}-${m.owner.start}-${m.pid}.json`);

/** Signal a child's group, unless its pid now belongs to another process. */
export function signalMarked(m: ChildMarker, sig: NodeJS.Signals): void {
  const leader = procInfo(m.pid);
  if (leader && leader.start !== m.start) return;
  try {
    // Leader gone but group alive: a group id cannot be reused while members still hold it.
    if (m.pgid != null) process.kill(-m.pgid, sig);
    else if (leader) process.kill(m.pid, sig);
  } catch {
    /* already gone */
  }
}

function installExitHook(): void {
  if (g.__lifeboatChildExitHook) return;
  g.__lifeboatChildExitHook = true;
  // Synchronous, at the very end: no time for a grace period, so SIGKILL.
  onExit(() => killAllChildren("SIGKILL"));
}

function forget(m: ChildMarker): void {
  if (live.get(m.pid) !== m) return;
  live.delete(m.pid);
  try {
    fs.rmSync(markerFile(m), { force: true });
  } catch {
    /* no data directory */
  }
}

/** Register a started child (by pid); returns its marker, or null when it is already gone. */
export function registerChild(pid: number | undefined, label: string): ChildMarker | null {
  const info = pid ? procInfo(pid) : null;
  if (!pid || !info) return null;
  installExitHook();
  const m: ChildMarker = {
    pid,
    pgid: info.pgrp === pid ? pid : null,
    start: info.start,
    bootId: bootId(),
    label,
    owner: { pid: process.pid, start: procInfo(process.pid)?.start ?? "?" },
    startedAt: new Date().toISOString(),
  };
  live.set(pid, m);
  try {
    fs.mkdirSync(markerDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(markerFile(m), JSON.stringify(m));
  } catch {
    /* no data directory (a CLI without config): the kill on exit still covers it */
  }
  return m;
}

/** Kill every registered child's group now (the console is going away). */
export function killAllChildren(sig: NodeJS.Signals = "SIGKILL"): void {
  for (const m of [...live.values()]) {
    signalMarked(m, sig);
    forget(m);
  }
}

/** Children registered now (tests, diagnostics). */
export function registeredChildren(): ChildMarker[] {
  return [...live.values()];
}

/**
 * Let a child started with trackedExeca outlive the console: no longer killed on exit nor by
 * start-up recovery (its marker goes). For a process whose own record says how to stop it — the
 * private PostgreSQL a point-in-time restore keeps for inspection (pitr/kept-servers.ts).
 */
export function releaseChild(child: object): void {
  const m = byChild.get(child);
  if (m) forget(m);
}

/** Signal the whole group of a child started with trackedExeca (cancel, timeout). */
export function signalChildGroup(child: object, sig: NodeJS.Signals): void {
  const m = byChild.get(child);
  if (m) signalMarked(m, sig);
}

/**
 * execa with the child in its own process group, registered here. Aborting `cancelSignal` stops
 * the whole group (SIGTERM, then SIGKILL after `forceKillAfterDelay` or 2 s), not only the leader.
 */
export function trackedExeca<O extends Options>(file: string, args: readonly string[], options?: O): ResultPromise<O> {
  const run = execa as unknown as (f: string, a: readonly string[], o: O) => ResultPromise<O>;
  const child = run(file, args, { ...options, detached: true } as O);
  const m = registerChild(child.pid, path.basename(file));
  if (!m) return child;
  byChild.set(child, m);
  const cancel = options?.cancelSignal;
  const onAbort = () => {
    signalMarked(m, "SIGTERM");
    const grace = typeof options?.forceKillAfterDelay === "number" ? options.forceKillAfterDelay : 2000;
    setTimeout(() => signalMarked(m, "SIGKILL"), grace).unref();
  };
  if (cancel?.aborted) onAbort();
  else cancel?.addEventListener("abort", onAbort, { once: true });
  (child as unknown as ChildProcess).once("exit", () => {
    cancel?.removeEventListener("abort", onAbort);
    forget(m);
  });
  return child;
}
