import fs from "node:fs";
import type { Readable } from "node:stream";
import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { NotFoundError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { loadRunForActor } from "./get";
import { noArtifactReason } from "../../engine/storage/artifact-state";
import { artifactOf, sha256KeyOf } from "../../engine/storage/run-artifact";
import { markArtifactMissing } from "../../engine/storage/artifact-missing";
import type { ByteRange, StorageBackend, StoredObject } from "../../engine/storage/backend";

export type ArtifactPart = "artifact" | "sha256";

/**
 * A run's artifact (or its .sha256) ready to stream: name and size, the local file where the
 * location has one, and `open(range)` through the location's backend (what the download sends).
 */
export class ArtifactFile {
  readonly #backend: StorageBackend;
  readonly #key: string;
  readonly #mtime: Date;
  constructor(
    readonly fileName: string,
    readonly size: number,
    /** The real path on a local location; undefined on a remote one. */
    readonly absPath: string | undefined,
    backend: StorageBackend,
    key: string,
    mtime: Date,
  ) {
    this.#backend = backend;
    this.#key = key;
    this.#mtime = mtime;
  }
  get mtime(): Date {
    return this.#mtime;
  }
  open(range?: ByteRange): Promise<Readable> {
    return this.#backend.open(this.#key, range);
  }
  /** What sendFile needs, as a plain object (spreading the instance would lose open()). */
  sendable(): { fileName: string; size: number; mtime: Date; open: (range?: ByteRange) => Promise<Readable> } {
    return { fileName: this.fileName, size: this.size, mtime: this.#mtime, open: (r) => this.open(r) };
  }
}

/**
 * The artifact (or its .sha256) of a run, for a download. The location and key come from the
 * run row and are read through the location's backend, which keeps every read inside the
 * location (no `..` keys; a link planted in a local folder does not lead outside it); nothing
 * from the request names a file. Operator+ only.
 */
export async function openArtifact(actor: Actor, runId: number, which: ArtifactPart): Promise<ArtifactFile> {
  requirePermission(actor, "artifact.download");
  const { run } = loadRunForActor(actor, runId);
  if (run.artifactState !== "present" || !run.artifactPath || (run.storageId == null && !run.storageRoot)) {
    const why = noArtifactReason(run.artifactState);
    throw new NotFoundError(`Run ${runId} has no artifact to download: ${why}`);
  }
  const outside = () => new NotFoundError(`Run ${runId}: the artifact path lies outside its storage root`);
  let ref: { backend: StorageBackend; key: string };
  try {
    ref = artifactOf(run);
  } catch {
    throw outside();
  }
  const key = which === "sha256" ? sha256KeyOf(ref.key) : ref.key;
  let stat: StoredObject | null;
  try {
    stat = await ref.backend.stat(key);
  } catch {
    throw outside();
  }
  if (!stat && which === "artifact") markArtifactMissing(run.id);
  if (!stat) throw new NotFoundError(`Run ${runId}: the ${which === "sha256" ? ".sha256 file" : "artifact file"} is missing from storage`);
  const absPath = ref.backend.localPath ? fs.realpathSync(ref.backend.localPath(key)) : undefined;
  return new ArtifactFile(key.split("/").pop()!, stat.size, absPath, ref.backend, key, stat.mtime);
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
