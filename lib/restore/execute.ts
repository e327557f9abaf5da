import fsp from "node:fs/promises";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { restores, runs, type Restore } from "../db/schema";
import { recordEvent } from "../events/record";
import type { Actor } from "../auth/actor";
import { RunLog } from "../runner/run-log";
import { resolveTarget } from "../services/targets/resolve";
import { readManifest } from "../archive/read";
import type { Resolved } from "./destination";
import { describeDestination } from "./destination";
import { artifactFileOf, restoreLogPath, restoreWorkDir } from "./paths";
import { verifyArtifactFile } from "./verify";
import { takeSafetyBackup } from "./safety-backup";
import { restoreInto } from "./restore-step";
import { RestoreError } from "./context";
import { isDiskFull } from "./fs-errors";

/** Restores going on in this process (for the per-target lock and shutdown). */
const active = new Map<number, { targetId: number; controller: AbortController }>();

export function restoreActiveForTarget(targetId: number): boolean {
  for (const a of active.values()) if (a.targetId === targetId) return true;
  return false;
}

export interface ExecuteOptions {
  actor: Actor;
  dest: Resolved;
  /** An admin typed the target's name: go on even if the safety backup fails. */
  override: boolean;
}

function update(id: number, patch: Partial<Restore>) {
  getDb().update(restores).set(patch).where(eq(restores.id, id)).run();
}

function secretsOf(source: Record<string, unknown>, dest: Resolved): string[] {
  const out: string[] = [];
  for (const u of [source.url, "url" in dest ? dest.url : null]) {
    if (typeof u !== "string") continue;
    try {
      const p = decodeURIComponent(new URL(u).password);
      if (p) out.push(p);
    } catch {
      /* not a URL */
    }
  }
  return out;
}

/**
 * Carry out a queued restore: verify the checksum (a mismatch stops before anything is touched),
 * take the safety backup when the original is overwritten (a failure stops the restore unless an
 * admin overrode it), restore, and record the outcome with its event.
 */
export async function executeRestore(restoreId: number, opts: ExecuteOptions): Promise<Restore> {
  const db = getDb();
  const row = db.select().from(restores).where(eq(restores.id, restoreId)).get();
  if (!row) throw new Error(`restore ${restoreId} not found`);
  const run = db.select().from(runs).where(eq(runs.id, row.runId)).get()!;
  const { target, source } = resolveTarget(row.targetId);
  const controller = new AbortController();
  active.set(restoreId, { targetId: row.targetId, controller });
  const log = new RunLog(restoreId, secretsOf(source, opts.dest), restoreLogPath(restoreId));
  const started = new Date();
  update(restoreId, { status: "running", startedAt: started, logPath: log.path });
  const workDir = restoreWorkDir(restoreId);
  let failure: string | null = null;
  let summary = "";
  try {
    log.info(`Restore #${restoreId} of run #${run.id} (${target.name}) into ${describeDestination(opts.dest)}`);
    const artifact = artifactFileOf(run);
    log.info("Checking the artifact's sha256…");
    const v = await verifyArtifactFile(artifact, run.sha256, controller.signal);
    if (!v.ok) throw new RestoreError(`${v.message} Nothing was changed.`);
    log.info(v.message);
    const manifest = await readManifest(artifact);
    if (manifest.type !== target.type) {
      throw new RestoreError(`The artifact holds a ${manifest.type} backup; this target is ${target.type}. Nothing was changed.`);
    }
    if (opts.dest.original) {
      log.info("Taking a safety backup of the destination as it is now…");
      const safety = await takeSafetyBackup(opts.actor, target.id, restoreId, (id) => {
        update(restoreId, { safetyRunId: id });
        log.info(`Safety backup is run #${id}`);
      });
      if (!safety.ok) {
        const why = `Safety backup run #${safety.runId} ended ${safety.status}${safety.error ? `: ${safety.error}` : ""}`;
        if (!opts.override) {
          throw new RestoreError(`${why}. The restore did not start and nothing was changed. An admin may override by typing the target's name.`);
        }
        log.info(`${why}. Going on anyway: an admin overrode the safety backup.`);
      } else {
        log.info(`Safety backup run #${safety.runId} finished (${safety.status}); it is pinned so retention keeps it`);
      }
    } else {
      log.info("The destination is not the original source: no safety backup is needed");
    }
    summary = await restoreInto(
      // An uploaded artifact is untrusted: no setuid bits or owners from it (see folder.ts).
      { artifact, manifest, log, signal: controller.signal, workDir, trusted: run.trigger !== "upload" },
      opts.dest,
      typeof source.url === "string" ? source.url : null,
    );
    log.info(summary);
  } catch (e) {
    failure = e instanceof RestoreError ? e.message : log.mask(isDiskFull(e) ? `The disk is full: ${(e as Error).message}` : ((e as Error).message ?? String(e)));
    log.info(`FAILED: ${failure}`);
  } finally {
    active.delete(restoreId);
    log.close();
    await fsp.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const finished = new Date();
  return db.transaction((tx) => {
    const patch = {
      status: failure ? ("failed" as const) : ("success" as const),
      finishedAt: finished,
      durationMs: finished.getTime() - started.getTime(),
      errorSummary: failure,
    };
    tx.update(restores).set(patch).where(eq(restores.id, restoreId)).run();
    const current = tx.select().from(restores).where(eq(restores.id, restoreId)).get()!;
    recordEvent(tx, {
      type: failure ? "restore.failed" : "restore.success",
      targetId: row.targetId,
      runId: row.runId,
      restoreId,
      payload: { target: target.name, destination: describeDestination(opts.dest), error: failure, summary, safetyRunId: current.safetyRunId },
    });
    return current;
  });
}

/** Stop every restore going on (shutdown). */
export function abortAllRestores(): void {
  for (const a of active.values()) a.controller.abort(new RestoreError("Lifeboat is shutting down"));
}
