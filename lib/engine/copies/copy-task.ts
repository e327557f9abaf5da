import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { recordEvent } from "../events";
import { getLocation } from "../storage/locations";
import { artifactOf } from "../storage/run-artifact";
import { backendFor } from "../storage/locations";
import { copyArtifact } from "./copy-artifact";
import type { ArtifactManifest } from "../archive/read";
import { copyRow, setCopy } from "./copy-rows";
import { applyCopyRetention } from "./copy-retention";
import { copyRunSnapshot } from "../restic/copy-run";

/**
 * Attempts of one copy before it is `failed`, and the pauses between them (a server that went
 * away for a moment, a dropped connection). Tests shorten the pauses.
 */
export const copyRetry = { attempts: 3, delaysMs: [5_000, 30_000] };

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}

/** Run `what` up to copyRetry.attempts times, pausing between (a PITR batch retries each object so). */
export function copyWithRetry(signal: AbortSignal, label: string): <T>(what: () => Promise<T>) => Promise<T> {
  return async (what) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await what();
      } catch (e) {
        if (signal.aborted || attempt >= copyRetry.attempts) throw e;
        console.warn(`[lifeboat] ${label}, attempt ${attempt} failed (retrying): ${(e as Error).message}`);
        await pause(copyRetry.delaysMs[Math.min(attempt - 1, copyRetry.delaysMs.length - 1)] ?? 1000, signal);
      }
    }
  };
}

/**
 * One copy task: stream the run's artifact from its primary location to the copy location (a
 * restic run: `restic copy` of its snapshot into the location's repository, copy-run.ts),
 * retried with pauses; the run_copies row says pending → copying → copied | failed. A failure
 * after the last attempt records `copy.failed` with the reason (in the same transaction as the
 * row's status); a cancel ends it `failed` with the cancel's reason and no event.
 */
export async function performCopy(copyId: number, signal: AbortSignal, clock: () => Date): Promise<void> {
  const copy = copyRow(copyId);
  if (!copy) throw new Error(`copy ${copyId} not found`);
  if (copy.status !== "pending" && copy.status !== "copying") return; // done meanwhile (a second console)
  const db = getDb();
  const run = db.select().from(runs).where(eq(runs.id, copy.runId)).get();
  const dest = getLocation(copy.storageId);
  let lastError = "";
  try {
    // A restic run's copy is `restic copy` of its snapshot into the location's own repository.
    const restic = !!run?.snapshot;
    if (!run || (restic ? run.artifactState !== "snapshot" : run.artifactState !== "present" || !run.sha256 || run.sizeBytes == null)) {
      throw new Error(`run ${copy.runId} has no ${restic ? "snapshot" : "artifact"} to copy (${run?.artifactState ?? "run gone"})`);
    }
    if (!dest) throw new Error(`storage location ${copy.storageId} is gone`);
    const src = restic ? null : artifactOf(run);
    setCopy(copyId, { status: "copying", startedAt: clock(), error: null });
    for (let attempt = 1; ; attempt++) {
      setCopy(copyId, { attempts: copy.attempts + attempt });
      try {
        if (!src) {
          const r = await copyRunSnapshot(run, dest, { signal });
          setCopy(copyId, { status: "copied", snapshotId: r.snapshotId, sizeBytes: r.addedBytes, copiedAt: clock(), error: null });
        } else {
          // What an interrupted earlier put may have left (a crash, a dropped upload).
          await backendFor(dest).discardIncomplete(copy.key!).catch(() => {});
          const r = await copyArtifact({ backend: src.backend, key: src.key, size: run.sizeBytes!, sha256: run.sha256!, manifest: run.manifest as ArtifactManifest | null }, dest, copy.key!, signal);
          setCopy(copyId, { status: "copied", sizeBytes: r.size, sha256: r.sha256, plainSha256: run.sha256, copiedAt: clock(), error: null });
        }
        // The location's own retention, now that it holds one more (a failure here is not the copy's).
        await applyCopyRetention(copy.targetId, copy.storageId, clock()).then(
          (res) => res.skipped.forEach((s) => console.warn(`[lifeboat] copy retention kept copy ${s.copyId}: ${s.reason}`)),
          (e) => console.error(`[lifeboat] copy retention in ${dest.name} failed`, e),
        );
        return;
      } catch (e) {
        if (signal.aborted) throw e;
        lastError = (e as Error).message ?? String(e);
        if (attempt >= copyRetry.attempts) throw e;
        console.warn(`[lifeboat] copy ${copyId} to ${dest.name}, attempt ${attempt} failed (retrying): ${lastError}`);
        await pause(copyRetry.delaysMs[Math.min(attempt - 1, copyRetry.delaysMs.length - 1)] ?? 1000, signal);
      }
    }
  } catch (e) {
    const cancelled = signal.aborted;
    const reason = cancelled ? `Cancelled: ${(signal.reason as Error)?.message ?? "cancelled"}` : lastError || (e as Error).message;
    db.transaction((tx) => {
      setCopy(copyId, { status: "failed", error: reason }, tx);
      if (!cancelled) {
        recordEvent(tx, {
          type: "copy.failed",
          targetId: copy.targetId,
          runId: copy.runId,
          at: clock(),
          payload: { storageId: copy.storageId, storage: dest?.name ?? null, error: reason, attempts: copyRetry.attempts },
        });
      }
    });
    throw e;
  }
}
