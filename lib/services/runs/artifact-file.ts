import fs from "node:fs";
import path from "node:path";
import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { NotFoundError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { loadRunForActor } from "./get";
import { noArtifactReason } from "../../engine/storage/artifact-state";

export type ArtifactPart = "artifact" | "sha256";

export interface ArtifactFile {
  absPath: string;
  size: number;
  fileName: string;
}

/** true when `child` is `root` itself or below it (both already resolved). */
function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * The artifact (or its .sha256) of a run, for a download. The path comes from the run row and
 * must resolve — symlinks followed — inside the run's storage root; nothing from the request
 * names a file. Operator+ only.
 */
export function openArtifact(actor: Actor, runId: number, which: ArtifactPart): ArtifactFile {
  requirePermission(actor, "artifact.download");
  const { run } = loadRunForActor(actor, runId);
  if (run.artifactState !== "present" || !run.storageRoot || !run.artifactPath) {
    const why = noArtifactReason(run.artifactState);
    throw new NotFoundError(`Run ${runId} has no artifact to download: ${why}`);
  }
  const root = path.resolve(run.storageRoot);
  const artifact = path.resolve(root, run.artifactPath);
  const wanted = which === "sha256" ? `${artifact}.sha256` : artifact;
  if (!isInside(root, wanted)) throw new NotFoundError(`Run ${runId}: the artifact path lies outside its storage root`);
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(wanted);
    stat = fs.statSync(real);
  } catch {
    throw new NotFoundError(`Run ${runId}: the ${which === "sha256" ? ".sha256 file" : "artifact file"} is missing from storage`);
  }
  // A symlink planted under the root must not lead a download outside it.
  if (!isInside(fs.realpathSync(root), real) || !stat.isFile()) {
    throw new NotFoundError(`Run ${runId}: the artifact path lies outside its storage root`);
  }
  return { absPath: real, size: stat.size, fileName: path.basename(wanted) };
}

/** Audit row for a download, in its own transaction (nothing else changes). */
export function recordArtifactDownload(
  actor: Actor,
  runId: number,
  which: ArtifactPart,
  detail: { fileName: string; size: number; range?: string | null },
): void {
  requirePermission(actor, "artifact.download");
  getDb().transaction((tx) => {
    writeAudit(tx, actor, {
      action: "artifact.download",
      entityType: "run",
      entityId: runId,
      after: { file: which, fileName: detail.fileName, size: detail.size, range: detail.range ?? null },
    });
  });
}
