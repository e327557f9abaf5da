import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { and, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import type { Run, StorageLocation } from "../../db/schema";
import { runCopies, type RunCopy } from "../../db/schema-copies";
import { backendFor, getLocation } from "../storage/locations";
import { artifactOf } from "../storage/run-artifact";
import { openCopyPlain } from "./open-copy";

/** One place a run's artifact can be read from, for the restore preview. */
export interface ArtifactSource {
  /** The location's id; null = the console's default local folder (a primary only). */
  storageId: number | null;
  role: "primary" | "copy";
  name: string;
  kind: string;
  encrypted: boolean;
  /** Readable now: the primary's object is there; a copy is `copied` and no scrub found it bad. */
  healthy: boolean;
  /** Why it is not healthy, in words. */
  problem: string | null;
}

/** Nearest first: a folder on this machine (or a NAS mount), then SFTP, then S3. */
const DISTANCE: Record<string, number> = { local: 0, sftp: 1, s3: 2 };

function copiesWithLocations(runId: number, db: DbOrTx): { copy: RunCopy; loc: StorageLocation | undefined }[] {
  return db
    .select()
    .from(runCopies)
    .where(eq(runCopies.runId, runId))
    .all()
    .map((copy) => ({ copy, loc: getLocation(copy.storageId, db) }));
}

async function primarySource(run: Run): Promise<ArtifactSource | null> {
  if (!run.artifactPath && !run.snapshot) return null;
  const loc = run.storageId != null ? getLocation(run.storageId) : undefined;
  const base = { storageId: run.storageId ?? null, role: "primary" as const, name: loc?.name ?? "Local storage", kind: loc?.kind ?? "local", encrypted: false };
  // A restic run: its snapshot in the location's repository (restic checks every blob it reads).
  if (run.snapshot) return run.artifactState === "snapshot" ? { ...base, healthy: true, problem: null } : { ...base, healthy: false, problem: `the snapshot is ${run.artifactState}` };
  if (run.artifactState !== "present") return { ...base, healthy: false, problem: run.artifactState === "missing" ? "the file is missing from storage" : `the artifact is ${run.artifactState}` };
  try {
    const { backend, key } = artifactOf(run);
    const st = await backend.stat(key);
    if (!st) return { ...base, healthy: false, problem: "the file is missing from storage" };
    return { ...base, healthy: true, problem: null };
  } catch (e) {
    return { ...base, healthy: false, problem: (e as Error).message };
  }
}

/**
 * Every place the run's artifact is or was kept, healthy nearest first: the primary when its
 * object is there, then the copies (local folders before SFTP before S3). What is not readable
 * follows, with the reason, so the preview can say why it is not used.
 */
export async function artifactSources(run: Run, db: DbOrTx = getDb()): Promise<ArtifactSource[]> {
  const out: ArtifactSource[] = [];
  const primary = await primarySource(run);
  if (primary) out.push(primary);
  const copies = copiesWithLocations(run.id, db)
    .map(({ copy, loc }): ArtifactSource & { d: number } => {
      const problem = !loc
        ? "its storage location is gone"
        : copy.status !== "copied"
          ? `the copy is ${copy.status === "pruning" ? "pruned" : copy.status}`
          : run.snapshot && !copy.snapshotId
            ? "the copy has no snapshot id"
          : copy.scrubOk === false
            ? "the last scrub found it damaged"
            : null;
      return {
        storageId: copy.storageId,
        role: "copy",
        name: loc?.name ?? `location ${copy.storageId}`,
        kind: loc?.kind ?? "?",
        encrypted: copy.encryption === "age",
        healthy: problem === null,
        problem,
        d: DISTANCE[loc?.kind ?? ""] ?? 9,
      };
    })
    .sort((a, b) => a.d - b.d);
  for (const c of copies) {
    const { d, ...s } = c;
    void d;
    out.push(s);
  }
  return out.sort((a, b) => Number(b.healthy) - Number(a.healthy));
}

/** Thrown when the source a user chose is not one of the run's, or not readable now. */
export class SourceChoiceError extends Error {}

/**
 * The source a restore reads: the one the user chose (`storageId`: the primary's location or a
 * copy's; it must be healthy), else the healthy one nearest; null when none is.
 */
export async function preferredSource(run: Run, storageId?: number | null): Promise<ArtifactSource | null> {
  const sources = await artifactSources(run);
  if (storageId == null) return sources.find((s) => s.healthy) ?? null;
  const chosen = sources.find((s) => s.storageId === storageId);
  if (!chosen) throw new SourceChoiceError(`Run ${run.id} has no artifact in storage location ${storageId}`);
  if (!chosen.healthy) throw new SourceChoiceError(`The ${chosen.role} in ${chosen.name} cannot be read: ${chosen.problem}`);
  return chosen;
}

/**
 * Fetch the run's artifact from one of its copies into `dir`: decrypted when the copy is age
 * encrypted, and checked against the artifact's sha256 while it streams (a damaged copy fails
 * here, before a restore touches anything). Returns the file.
 */
export async function fetchCopyInto(run: Run, storageId: number, dir: string, signal?: AbortSignal): Promise<string> {
  const copy = getDb().select().from(runCopies).where(and(eq(runCopies.runId, run.id), eq(runCopies.storageId, storageId))).get();
  const loc = getLocation(storageId);
  if (!copy || copy.status !== "copied" || !copy.key || !loc) throw new Error(`Run ${run.id} has no usable copy in storage location ${storageId}`);
  if (!run.sha256) throw new Error(`Run ${run.id} has no sha256 to check its copy against`);
  const file = path.join(dir, `from-copy-${path.posix.basename(run.artifactPath ?? `run-${run.id}`)}`);
  await pipeline(await openCopyPlain(copy, loc, run.sha256, { signal, scratchDir: dir }), fs.createWriteStream(file, { mode: 0o600 }), ...(signal ? [{ signal }] : []));
  return file;
}

/** A copy that is a plain (unencrypted) file on this machine, for the preview's listing; else null. */
export function copyFileOnThisMachine(runId: number, storageId: number): string | null {
  const copy = getDb().select().from(runCopies).where(and(eq(runCopies.runId, runId), eq(runCopies.storageId, storageId))).get();
  const loc = getLocation(storageId);
  if (!copy || copy.status !== "copied" || copy.encryption !== "none" || !copy.key || !loc) return null;
  const backend = backendFor(loc);
  return backend.localPath ? backend.localPath(copy.key) : null;
}
