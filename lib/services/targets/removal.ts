import fs from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { restores, runs, type OrphanArtifact } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { env } from "../../env";
import { recordOrphans, removeOrphanFiles } from "../storage/orphans";
import { assertNothingRunning } from "./active-work";

export interface DeleteOptions {
  /** Also delete the backup files (default: keep them, listed on /storage as not belonging to any target). */
  deleteArtifacts?: boolean;
}

/** What happened to the deleted targets' backup files. */
export interface DeleteOutcome {
  artifacts: number;
  bytes: number;
  /** Deleted now (deleteArtifacts). */
  deletedFiles: number;
  /** Left on disk, listed on /storage (kept on purpose, or a deletion failed). */
  keptFiles: number;
}

export interface Prepared {
  orphans: OrphanArtifact[];
  logs: string[];
}

/**
 * Inside the deleting transaction (before the cascade): refuse while a backup or restore of these
 * targets goes on, record their artifacts as orphans, and note their log files.
 */
export function prepareRemoval(tx: Tx, targetIds: number[], what: string, now: Date): Prepared {
  assertNothingRunning(tx, targetIds, what);
  const orphans = recordOrphans(tx, targetIds, now);
  const logs = [
    ...tx.select({ p: runs.logPath }).from(runs).where(inArray(runs.targetId, targetIds)).all(),
    ...tx.select({ p: restores.logPath }).from(restores).where(inArray(restores.targetId, targetIds)).all(),
  ]
    .map((r) => r.p)
    .filter((p): p is string => !!p);
  return { orphans, logs };
}

export function artifactFacts(orphans: OrphanArtifact[]) {
  return { artifacts: orphans.length, bytes: orphans.reduce((n, o) => n + (o.sizeBytes ?? 0), 0) };
}

/** After the commit: delete the files when asked (what fails stays listed) and the run/restore logs of the gone history. */
export function finishRemoval(actor: Actor, p: Prepared, opts: DeleteOptions, now: Date): DeleteOutcome {
  const facts = artifactFacts(p.orphans);
  const deleted = opts.deleteArtifacts ? removeOrphanFiles(actor, p.orphans, now) : { deleted: 0, failed: [] };
  for (const f of deleted.failed) console.warn(`[lifeboat] kept orphaned artifact ${f.id}: ${f.reason}`);
  const logsDir = path.join(path.resolve(env().dataDir), "logs") + path.sep;
  for (const log of p.logs) {
    // Only Lifeboat's own log files; a row never points elsewhere, this guards against one that does.
    if (path.resolve(log).startsWith(logsDir)) fs.rmSync(log, { force: true });
  }
  return { ...facts, deletedFiles: deleted.deleted, keptFiles: facts.artifacts - deleted.deleted };
}

