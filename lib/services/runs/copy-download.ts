import type { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runCopies } from "../../db/schema-copies";
import { NotFoundError, ValidationError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { getLocation } from "../../engine/storage/locations";
import { openCopyPlain } from "../../engine/copies/open-copy";
import { loadRunForActor } from "./get";

export interface CopyDownload {
  fileName: string;
  /** The artifact's size: a decrypted copy is sent as the plaintext. */
  size: number;
  mtime: Date;
  open: () => Promise<Readable>;
}

/**
 * A run's artifact read from one of its copies (operator+): decrypted on the way when the copy is
 * encrypted, and checked against the artifact's sha256 (a bad copy breaks the download off).
 * null when `storageId` is the run's own (primary) location.
 */
export function openCopyDownload(actor: Actor, runId: number, storageId: number): CopyDownload | null {
  requirePermission(actor, "artifact.download");
  const { run } = loadRunForActor(actor, runId);
  if (run.storageId === storageId) return null; // the primary: the ordinary download
  if (storageId <= 0) throw new ValidationError("storage must be a storage location id", { storage: "A storage location id" });
  const copy = getDb().select().from(runCopies).where(and(eq(runCopies.runId, runId), eq(runCopies.storageId, storageId))).get();
  if (!copy || copy.status !== "copied" || !copy.key) throw new NotFoundError(`Run ${runId} has no copy in storage location ${storageId}${copy ? ` (it is ${copy.status})` : ""}`);
  const loc = getLocation(storageId);
  if (!loc || !run.sha256 || run.sizeBytes == null) throw new NotFoundError(`Run ${runId}: storage location ${storageId} is gone`);
  return {
    fileName: run.artifactPath!.split("/").pop()!,
    size: run.sizeBytes,
    mtime: copy.copiedAt ?? new Date(0),
    open: () => openCopyPlain(copy, loc, run.sha256!),
  };
}
