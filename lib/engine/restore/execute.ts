import { now } from "../clock";
import fsp from "node:fs/promises";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, runs, type Restore } from "../../db/schema";
import { recordEvent } from "../events";
import type { Actor } from "../../audit/actor";
import { RunLog } from "../process/run-log";
import { resolveTarget } from "../targets/resolve";
import { readManifest } from "../archive/read";
import type { Resolved } from "./destination";
import { describeDestination } from "./destination";
import { fetchArtifactInto, restoreLogPath, restoreWorkDir } from "./paths";
import { verifyArtifactFile } from "./verify";
import { takeSafetyBackup } from "./safety-backup";
import { restoreInto } from "./restore-step";
import { RestoreCancelled, RestoreError } from "./context";
import { isDiskFull } from "./fs-errors";
import type { ArtifactManifest } from "../archive/read";
import { restoreRunSnapshot } from "../restic/run-restore";

/** What a cancel left behind, for the log and the restore's error line. */
function cancelNote(dest: Resolved, touched: boolean, safetyRunId: number | null): string {
  if (!touched) return "Nothing was changed.";
  if (dest.kind === "postgres") return "pg_restore runs in one transaction: it was rolled back and the database is as it was.";
  // restoreInto takes back what an alternate restore created (undo-alternate.ts); Redis has no undo.
  if (!dest.original && dest.kind !== "redis") return "What it had created at the alternate destination was removed again (see the log).";
  const undo = safetyRunId ? ` restore again, or restore its safety backup (run #${safetyRunId})` : " restore again";
  return `The destination may be partly restored:${undo}.`;
}

export interface ExecuteOptions {
  /** Who asked for the restore (the service checked their rights): the safety backup's audit row names them. */
  requestedBy: Actor;
  dest: Resolved;
  /** An admin typed the target's name: go on even if the safety backup fails. */
  override: boolean;
  /** A restic run: only these paths of its snapshot (none = all of it). */
  include?: string[];
  /** Read the artifact from this storage location (the primary's or a copy's) instead of the nearest healthy one. */
  storageId?: number;
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
 * Carry out a claimed restore (the restore task kind calls it): verify the checksum (a mismatch
 * stops before anything is touched), take the safety backup when the original is overwritten (a
 * failure stops the restore unless an admin overrode it), restore, and record the outcome with its
 * event. `kick` makes the queue look at the safety backup at once.
 */
export async function runRestore(restoreId: number, opts: ExecuteOptions, signal: AbortSignal, kick: () => void): Promise<Restore> {
  const row = getDb().select().from(restores).where(eq(restores.id, restoreId)).get();
  if (!row) throw new Error(`restore ${restoreId} not found`);
  return restoreRow(row, opts, signal, kick);
}

async function restoreRow(row: Restore, opts: ExecuteOptions, signal: AbortSignal, kick: () => void): Promise<Restore> {
  const db = getDb();
  const restoreId = row.id;
  const run = db.select().from(runs).where(eq(runs.id, row.runId)).get()!;
  const { target, source } = resolveTarget(row.targetId);
  const log = new RunLog(restoreId, secretsOf(source, opts.dest), restoreLogPath(restoreId));
  const started = now();
  update(restoreId, { status: "running", startedAt: started, logPath: log.path });
  const workDir = restoreWorkDir(restoreId);
  let failure: string | null = null;
  let cancelled = false;
  let touched = false;
  let safetyRunId: number | null = null;
  let summary = "";
  try {
    log.info(`Restore #${restoreId} of run #${run.id} (${target.name}) into ${describeDestination(opts.dest)}`);
    let artifact = "";
    let manifest: ArtifactManifest | null = null;
    if (run.snapshot) {
      // A restic run: restic checks every blob it reads against its hash; there is no file to verify first.
      log.info(`restic snapshot ${run.snapshot.id}${run.artifactState === "snapshot" ? "" : ` (${run.artifactState} in the primary: read from a copy)`}`);
    } else {
      artifact = await fetchArtifactInto(run, workDir, { signal, log: (l) => log.info(l), storageId: opts.storageId });
      log.info("Checking the artifact's sha256…");
      const v = await verifyArtifactFile(artifact, run.sha256, signal);
      if (!v.ok) throw new RestoreError(`${v.message} Nothing was changed.`);
      log.info(v.message);
      manifest = await readManifest(artifact);
      if (manifest.type !== target.type) {
        throw new RestoreError(`The artifact holds a ${manifest.type} backup; this target is ${target.type}. Nothing was changed.`);
      }
    }
    if (opts.dest.original) {
      signal.throwIfAborted();
      log.info("Taking a safety backup of the destination as it is now…");
      const safety = await takeSafetyBackup(opts.requestedBy, target.id, restoreId, kick, (id) => {
        safetyRunId = id;
        update(restoreId, { safetyRunId: id });
        log.info(`Safety backup is run #${id}`);
      });
      // A cancel while the safety backup ran also cancelled that run: stop here, whatever it says.
      signal.throwIfAborted();
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
    signal.throwIfAborted();
    touched = true;
    summary = !manifest
      ? await restoreRunSnapshot(run, opts.dest, opts.include ?? [], signal, log, opts.storageId, workDir)
      : await restoreInto(
          // An uploaded artifact is untrusted: no setuid bits or owners from it (see folder.ts).
          { artifact, manifest, log, signal, workDir, trusted: run.trigger !== "upload" },
          opts.dest,
          typeof source.url === "string" ? source.url : null,
        );
    log.info(summary);
  } catch (e) {
    if (signal.aborted && signal.reason instanceof RestoreCancelled) {
      cancelled = true;
      failure = `${signal.reason.message}. ${cancelNote(opts.dest, touched, safetyRunId)}`;
      log.info(`CANCELLED: ${failure}`);
    } else {
      failure = e instanceof RestoreError ? e.message : log.mask(isDiskFull(e) ? `The disk is full: ${(e as Error).message}` : ((e as Error).message ?? String(e)));
      log.info(`FAILED: ${failure}`);
    }
  } finally {
    log.close();
    await fsp.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const finished = now();
  return db.transaction((tx) => {
    const patch = {
      status: cancelled ? ("cancelled" as const) : failure ? ("failed" as const) : ("success" as const),
      finishedAt: finished,
      durationMs: finished.getTime() - started.getTime(),
      errorSummary: failure,
    };
    tx.update(restores).set(patch).where(eq(restores.id, restoreId)).run();
    const current = tx.select().from(restores).where(eq(restores.id, restoreId)).get()!;
    // A cancel is audited as restore.cancel by whoever asked; it is neither a success nor a failure to alert on.
    if (!cancelled) {
      recordEvent(tx, {
        type: failure ? "restore.failed" : "restore.success",
        targetId: row.targetId,
        runId: row.runId,
        restoreId,
        payload: { target: target.name, destination: describeDestination(opts.dest), error: failure, summary, safetyRunId: current.safetyRunId },
      });
    }
    return current;
  });
}
