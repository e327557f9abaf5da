import { typeModule } from "../../engine/types/registry";
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorId, requirePermission, type Actor } from "../../auth/actor";
import { AppError, StorageFullError, ValidationError } from "../../errors";
import { isNoSpace } from "../../engine/archive/write-artifact";
import { formatBytes } from "../../ui/units";
import { getSettings } from "../../settings/settings";
import { resolveTarget } from "../../engine/targets/resolve";
import { assertAppVisible } from "../../api/scope";
import { getRun } from "../runs/get";
import type { RunDto } from "../runs/dto";
import { ArtifactReadError, detectCompression, entryName, listEntries, readManifest } from "../../engine/archive/read";
import { sha256Line } from "../../engine/archive/sha256-file";
import { HashTap } from "../../engine/archive/hash-tap";
import { EXTENSIONS, planArtifact } from "../../engine/storage/local";
import { locationForTarget } from "../../engine/storage/folder-location";
import { backendFor, localFolderOf } from "../../engine/storage/locations";

export class UploadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "payload_too_large";
  constructor(limit: number) {
    super(`The file is larger than the upload limit (${formatBytes(limit)}; an admin can raise it in Settings)`);
    this.name = "UploadTooLargeError";
  }
}

export interface UploadInput {
  targetId: number;
  body: WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | Readable;
  /** Content-Length when the client sent one: refused early when over the limit. */
  declaredLength?: number | null;
  /** sha256 from the artifact's .sha256 file, when the user gave it. */
  sha256?: string | null;
  fileName?: string | null;
}

/** The engine's hashing tap, refusing the body once it passes the upload limit. */
class LimitTap extends HashTap {
  constructor(private readonly limit: number) {
    super();
  }
  _transform(chunk: Buffer, enc: BufferEncoding, cb: TransformCallback): void {
    if (this.bytes + chunk.length > this.limit) return cb(new UploadTooLargeError(this.limit));
    super._transform(chunk, enc, cb);
  }
}

/**
 * An artifact made elsewhere becomes a run of a target (operator+): the body is streamed to a
 * temporary file beside the target's storage (never buffered), size-limited, hashed on the way,
 * then checked: a Lifeboat artifact (manifest.json first, format fields), of this target's type,
 * readable to the end, matching the given sha256. Then it is moved into storage as a run with
 * trigger "upload" and status success, so it can be previewed and restored like any other.
 */
export async function receiveUpload(actor: Actor, input: UploadInput): Promise<RunDto> {
  requirePermission(actor, "artifact.upload");
  const { target, app } = resolveTarget(input.targetId);
  // A token limited to some apps must not store artifacts into (or learn of) another app's target.
  assertAppVisible(actor, target.appId, `Target ${input.targetId}`);
  const limit = getSettings().uploadMaxBytes;
  if (input.declaredLength != null && input.declaredLength > limit) throw new UploadTooLargeError(limit);
  const claimed = input.sha256?.trim().toLowerCase() || null;
  if (claimed && !/^[0-9a-f]{64}$/.test(claimed)) throw new ValidationError("The sha256 must be 64 hex characters", { sha256: "64 hex characters" });

  const location = locationForTarget(target);
  const backend = backendFor(location);
  const root = localFolderOf(location);
  // The upload is checked in place and moved into the folder in the run's transaction (a local fast path).
  if (!root || !backend.localPath) throw new ValidationError(`Uploads go to a local storage folder; ${location.name} is not one`);
  const tmpDir = path.join(root, ".lifeboat-uploads");
  const tmp = path.join(tmpDir, `${crypto.randomUUID()}.partial`);
  let moved = false;
  try {
    await fsp.mkdir(tmpDir, { recursive: true });
    const tap = new LimitTap(limit);
    const src = input.body instanceof Readable ? input.body : Readable.fromWeb(input.body as WebReadableStream<Uint8Array>);
    await pipeline(src, tap, fs.createWriteStream(tmp, { mode: 0o640 }));
    const sha256 = tap.digest();
    if (tap.bytes === 0) throw new ValidationError("The file is empty");
    if (claimed && claimed !== sha256) {
      throw new ValidationError(`The file is corrupt: its sha256 is ${sha256}, the .sha256 given says ${claimed}`, { sha256: "Does not match the file" });
    }
    let manifest;
    try {
      manifest = await readManifest(tmp);
      let payload = false;
      await listEntries(tmp, (e) => {
        const n = entryName(e.name);
        if (n === manifest!.payload.name || (manifest!.payload.name.endsWith("/") && n.startsWith(manifest!.payload.name))) payload = true;
      });
      if (!payload) throw new ArtifactReadError(`The artifact has no "${manifest.payload.name}" entry`);
    } catch (e) {
      if (e instanceof ArtifactReadError) throw new ValidationError(`Rejected: ${e.message}`, { file: e.message });
      throw e;
    }
    if (manifest.type !== target.type) {
      throw new ValidationError(`Rejected: the artifact is a ${manifest.type} backup and ${target.name} is a ${target.type} target: choose a ${manifest.type} target`, {
        targetId: `Choose a ${manifest.type} target`,
      });
    }
    if (!typeModule(target.type).payloadNames.includes(manifest.payload.name)) {
      throw new ValidationError(`Rejected: a ${target.type} backup has no "${manifest.payload.name}" payload`, { file: "Not a payload this type writes" });
    }
    const ext = EXTENSIONS[await detectCompression(tmp)];
    const now = new Date();
    const runId = getDb().transaction((tx) => {
      const row = tx
        .insert(runs)
        .values({
          targetId: target.id,
          trigger: "upload",
          userId: actor.type === "user" ? actorId(actor) : null,
          tokenId: actor.type === "token" ? actor.id : null,
          status: "success",
          queuedAt: now,
          startedAt: now,
          finishedAt: now,
          durationMs: 0,
          storageId: location.id,
          storageRoot: root,
          artifactState: "present",
          sizeBytes: tap.bytes,
          sha256,
          manifest: manifest as Record<string, unknown>,
        })
        .returning()
        .get();
      const loc = planArtifact(target, app, row.id, now, backend);
      const file = loc.file.replace(/\.tar(\.zst|\.gz)?$/, "") + ext;
      const key = loc.key.replace(/\.tar(\.zst|\.gz)?$/, "") + ext;
      // Synchronous on purpose: a failed move rolls the run row back with it; a failure after it
      // (no room for the .sha256) moves the file back, so the finally below removes it.
      fs.renameSync(tmp, file);
      try {
        fs.writeFileSync(`${file}.sha256`, sha256Line(sha256, file), { mode: 0o640 });
      } catch (e) {
        fs.rmSync(`${file}.sha256`, { force: true });
        fs.renameSync(file, tmp);
        throw e;
      }
      moved = true;
      const relative = key;
      tx.update(runs).set({ artifactPath: relative }).where(eq(runs.id, row.id)).run();
      writeAudit(tx, actor, {
        action: "artifact.upload",
        entityType: "run",
        entityId: row.id,
        after: { targetId: target.id, fileName: input.fileName ?? null, sizeBytes: tap.bytes, sha256, sha256Given: !!claimed, artifactPath: relative },
      });
      return row.id;
    });
    return getRun(actor, runId);
  } catch (e) {
    if (isNoSpace(e)) throw new StorageFullError(`storage full: no space left in ${root} for this upload; nothing was kept`);
    throw e;
  } finally {
    if (!moved) await fsp.rm(tmp, { force: true });
  }
}
