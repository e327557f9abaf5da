import type { Actor } from "../../auth/actor";
import { copiesOfRun } from "../../engine/copies/copy-rows";
import { iso } from "../iso";
import { listLocations } from "../../engine/storage/locations";
import { loadRunForActor } from "./get";

export interface RunCopyDto {
  storageId: number;
  status: "pending" | "copying" | "copied" | "failed" | "pruned";
  sizeBytes: number | null;
  sha256: string | null;
  copiedAt: string | null;
  error: string | null;
  /** A restic run's copy: the snapshot `restic copy` made in the location's repository; null for an artifact copy. */
  snapshotId: string | null;
}

/** The copies of a run's artifact, one per copy location (viewer). A copy being pruned reads `pruned`. */
export function listRunCopies(actor: Actor, runId: number): RunCopyDto[] {
  loadRunForActor(actor, runId);
  return copiesOfRun(runId).map((c) => ({
    storageId: c.storageId,
    status: c.status === "pruning" ? "pruned" : c.status,
    sizeBytes: c.sizeBytes,
    sha256: c.sha256,
    copiedAt: iso(c.copiedAt),
    error: c.error,
    snapshotId: c.snapshotId,
  }));
}

export interface RunCopyView extends RunCopyDto {
  storageName: string;
  kind: string;
  encrypted: boolean;
}

/** The copies with their location's name, for the run page. */
export function runCopiesForPage(actor: Actor, runId: number): RunCopyView[] {
  const names = new Map(listLocations().map((l) => [l.id, l]));
  const encrypted = new Map(copiesOfRun(runId).map((c) => [c.storageId, c.encryption === "age"]));
  return listRunCopies(actor, runId).map((c) => ({
    ...c,
    storageName: names.get(c.storageId)?.name ?? `location ${c.storageId}`,
    kind: names.get(c.storageId)?.kind ?? "?",
    encrypted: encrypted.get(c.storageId) ?? false,
  }));
}
