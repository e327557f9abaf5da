import { env, ConfigError } from "./env";
import { getDb } from "./db/client";
import { resealUrlSecrets } from "./engine/targets/reseal";
import { migrateStorageLocations } from "./engine/storage/migrate-locations";
import { finishPendingDeletes } from "./engine/storage/artifact-delete";
import { recoverAfterRestart } from "./engine/tasks/recovery";
import { kickQueue } from "./engine/queue/queue";
import { refreshTargetStatuses } from "./engine/status/stored";
import { enqueueWithRunner } from "./engine/scheduler/engine";
import { startScheduler } from "./engine/scheduler/loop";
import { setSchedulerState } from "./engine/health";
import { startNotifier } from "./engine/notify/start";
import { startStorageSampler } from "./services/storage/sampler";
import { ensureHeadlessAdmin } from "./cli/headless-admin";
import { removePitrScratch } from "./engine/pitr/scratch-recovery";
import { failStaleBaseBackups, linkBaseBackupRuns } from "./engine/pitr/base-runs";
import { recoverKeptServers } from "./engine/pitr/kept-servers";
import { pitrScratchRoot } from "./engine/pitr/target-stream";
import { startPitrSupervisor } from "./engine/pitr/supervisor";

/**
 * THE start-up order, in one list (the composition root: it may call the engine, services and the
 * CLI's headless admin). Recovery comes before anything that starts work: tools a crashed console
 * left running are killed first (they may still write), then runs and restores left queued or
 * running end `interrupted` and their scratch space goes; only then does the queue start, and the
 * scheduler's first tick (which may catch up a missed slot) comes after it.
 */
const STEPS: { name: string; run: () => void | Promise<void> }[] = [
  {
    name: "reseal-url-secrets",
    run: () => {
      const ids = resealUrlSecrets();
      if (ids.length) console.log(`[lifeboat] sealed the query-string passwords of target(s) ${ids.join(", ")}`);
    },
  },
  {
    // Storage folders → location rows, artifact paths → (location, key): before anything reads a run's artifact.
    name: "storage-locations",
    run: () => {
      const m = migrateStorageLocations();
      if (m.created.length) console.log(`[lifeboat] storage locations created: ${m.created.join(", ")}`);
      if (m.runs || m.orphans) console.log(`[lifeboat] ${m.runs} run(s) and ${m.orphans} orphan file(s) now refer to a storage location`);
      if (m.skippedRuns.length) console.warn(`[lifeboat] run(s) ${m.skippedRuns.join(", ")} keep their old path: it leaves its storage folder`);
    },
  },
  {
    // Artifact deletions a stopped console marked but did not finish (two phases: see artifact-delete.ts).
    name: "finish-artifact-deletes",
    run: async () => {
      const r = await finishPendingDeletes();
      if (r.runs.length || r.orphans.length) console.log(`[lifeboat] finished deleting the artifacts of run(s) ${r.runs.join(", ") || "-"} and orphaned file(s) ${r.orphans.join(", ") || "-"}`);
      for (const f of r.failed) console.warn(`[lifeboat] could not delete the artifact of ${f.what} yet: ${f.reason}`);
    },
  },
  {
    // Every task kind's recovery, in one place (lib/engine/tasks/recovery.ts): leftover tools killed
    // first, then runs, restores, test restores, prunes and sweeps left unfinished.
    name: "recover-tasks",
    run: () => {
      const r = recoverAfterRestart();
      if (r.killed.length) console.warn(`[lifeboat] killed ${r.killed.length} process(es) left running by a stopped console: ${r.killed.join(", ")}`);
      for (const k of r.recovered) console.warn(`[lifeboat] ${k.kind}: ${k.lines.join("; ")}`);
    },
  },
  {
    // Point-in-time restores a stopped console left half done: their unpacked copies can be as large as the database.
    name: "pitr-scratch",
    run: async () => {
      // Private servers kept for inspection outlive their console: stop those whose time ran out, watch the others.
      const kept = await recoverKeptServers();
      if (kept.stopped.length) console.warn(`[lifeboat] stopped ${kept.stopped.length} private server(s) whose time ran out while the console was down (${kept.stopped.map((id) => `#${id}`).join(", ")})`);
      if (kept.gone.length) console.warn(`[lifeboat] ${kept.gone.length} private server(s) kept after point-in-time restores were no longer running (${kept.gone.map((id) => `#${id}`).join(", ")}): recorded as stopped`);
      const gone = removePitrScratch(pitrScratchRoot(), kept.inUse);
      if (gone.length) console.warn(`[lifeboat] removed ${gone.length} point-in-time restore scratch folder(s) left by a stopped console`);
    },
  },
  {
    // Base backups taken before they were runs (migration 0018) get their run row.
    name: "pitr-base-runs",
    run: () => {
      const stale = failStaleBaseBackups();
      if (stale) console.warn(`[lifeboat] ${stale} point-in-time base backup(s) left running by a stopped console recorded as failed`);
      const n = linkBaseBackupRuns();
      if (n) console.warn(`[lifeboat] ${n} point-in-time base backup(s) recorded as runs`);
    },
  },
  // The stored status words (lib/engine/status/stored.ts), after recovery changed runs and before reads.
  { name: "target-status", run: () => void refreshTargetStatuses() },
  { name: "queue", run: () => kickQueue() },
  {
    name: "scheduler",
    run: async () => {
      if (env().LIFEBOAT_SCHEDULER === "off") return setSchedulerState("disabled");
      await startScheduler(enqueueWithRunner);
    },
  },
  // The notifier and the storage sampler share the scheduler's switch (a second, passive instance).
  { name: "notifier", run: () => void (env().LIFEBOAT_SCHEDULER !== "off" && startNotifier()) },
  // WAL streams of targets with PITR on (supervised, with back-off) and their base backup schedule.
  { name: "pitr-streams", run: () => void (env().LIFEBOAT_SCHEDULER !== "off" && startPitrSupervisor()) },
  { name: "storage-sampler", run: () => void (env().LIFEBOAT_SCHEDULER !== "off" && startStorageSampler()) },
  { name: "headless-admin", run: async () => void (await ensureHeadlessAdmin()) },
];

const g = globalThis as unknown as { __lifeboatBooted?: boolean };

/** Runs once per process (instrumentation.ts): validate config, migrate, then the steps above in order. */
export async function boot(): Promise<void> {
  if (g.__lifeboatBooted) return;
  g.__lifeboatBooted = true;
  try {
    env();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`\n[lifeboat] ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  getDb(); // opens the database and applies the migrations
  for (const step of STEPS) {
    try {
      await step.run();
    } catch (e) {
      console.error(`[lifeboat] start-up step "${step.name}" failed`, e);
    }
  }
  console.log(`[lifeboat] ready (data directory ${env().dataDir})`);
}
