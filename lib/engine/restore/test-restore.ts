import { now } from "../clock";
import fsp from "node:fs/promises";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores, runs, type Restore } from "../../db/schema";
import { recordEvent } from "../events";
import { RunLog } from "../process/run-log";
import { resolveTarget } from "../targets/resolve";
import { readManifest, type ArtifactManifest } from "../archive/read";
import { artifactFileOf, restoreLogPath, restoreWorkDir } from "./paths";
import { verifyArtifactFile } from "./verify";
import { RestoreCancelled, RestoreError, type RestoreCtx } from "./context";
import { restoreUrlFor } from "./restore-login";
import { moduleForPayload } from "../types/registry";

/** Restore into a scratch place, compare with the manifest, drop the scratch: the payload's type module does it. */
async function scratchCheck(
  ctx: RestoreCtx,
  manifest: ArtifactManifest,
  login: { url: string; restricted: boolean },
  source: Record<string, unknown>,
  restoreId: number,
  serverId: number | null,
): Promise<string> {
  const mod = moduleForPayload(manifest.payload.name);
  if (!mod?.testRestore) throw new RestoreError(`Test restores of ${manifest.payload.name} payloads are not supported`);
  return mod.testRestore({ ctx, manifest, login, source, restoreId, serverId });
}

/** Carry out a claimed test restore (the test-restore task kind calls it) and record the result on the run ("restore-verified at …"). */
export async function runTestRestore(restoreId: number, signal: AbortSignal): Promise<Restore> {
  const row = getDb().select().from(restores).where(eq(restores.id, restoreId)).get();
  if (!row) throw new Error(`restore ${restoreId} not found`);
  return runTestRestoreRow(row, signal);
}

async function runTestRestoreRow(row: Restore, signal: AbortSignal): Promise<Restore> {
  const db = getDb();
  const restoreId = row.id;
  const run = db.select().from(runs).where(eq(runs.id, row.runId)).get()!;
  const { target, source } = resolveTarget(row.targetId);
  // An uploaded artifact is restored with the target's restricted login when it has one.
  const login = typeof source.url === "string" ? restoreUrlFor(run, target, source.url) : { url: "", restricted: false };
  const secrets = [source.url, login.url].map((u) => (typeof u === "string" && u ? decodeURIComponent(new URL(u).password) : ""));
  const log = new RunLog(restoreId, secrets, restoreLogPath(restoreId));
  const started = now();
  db.update(restores).set({ status: "running", startedAt: started, logPath: log.path }).where(eq(restores.id, restoreId)).run();
  const workDir = restoreWorkDir(restoreId);
  let failure: string | null = null;
  let cancelled = false;
  let checked = "";
  try {
    log.info(`Test restore #${restoreId} of run #${run.id} (${target.name}) into a scratch place`);
    const artifact = artifactFileOf(run);
    const v = await verifyArtifactFile(artifact, run.sha256, signal);
    if (!v.ok) throw new RestoreError(v.message);
    log.info(v.message);
    const manifest = await readManifest(artifact);
    if (login.restricted) log.info(`Uploaded artifact: restoring with the restricted restore login "${decodeURIComponent(new URL(login.url).username)}"`);
    checked = await scratchCheck({ artifact, manifest, log, signal, workDir }, manifest, login, source, restoreId, target.serverId ?? null);
    log.info(`Verified: ${checked}`);
  } catch (e) {
    cancelled = signal.aborted && signal.reason instanceof RestoreCancelled;
    failure = cancelled ? `${(signal.reason as Error).message}; the scratch copy was removed` : e instanceof RestoreError ? e.message : log.mask((e as Error).message ?? String(e));
    log.info(`${cancelled ? "CANCELLED" : "FAILED"}: ${failure}`);
  } finally {
    log.close();
    await fsp.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
  const finished = now();
  return db.transaction((tx) => {
    tx.update(restores)
      .set({ status: cancelled ? "cancelled" : failure ? "failed" : "success", finishedAt: finished, durationMs: finished.getTime() - started.getTime(), errorSummary: failure })
      .where(eq(restores.id, restoreId))
      .run();
    // A cancelled check says nothing about the artifact: the run keeps its last verification.
    if (!cancelled) {
      tx.update(runs)
        .set({
          verifiedAt: finished,
          verifyStatus: failure ? "restore-failed" : "restore-verified",
          verifyMessage: failure ? `Test restore #${restoreId} failed: ${failure}` : `restore-verified at ${finished.toISOString()}: ${checked}`,
        })
        .where(eq(runs.id, run.id))
        .run();
    }
    if (failure && !cancelled) {
      recordEvent(tx, { type: "test_restore.failed", targetId: row.targetId, runId: run.id, restoreId, payload: { target: target.name, error: failure } });
    }
    return tx.select().from(restores).where(eq(restores.id, restoreId)).get()!;
  });
}
