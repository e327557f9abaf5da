import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { StorageLocation } from "../../db/schema";
import { readManifest, type ArtifactManifest } from "../archive/read";
import { ageDecrypt, locationIdentity } from "./encryption";
import { backendFor } from "./locations";
import { readArtifactIndex } from "./artifact-index";

/** Artifact object names (FORMAT.md), plain or age-encrypted. */
export const ARTIFACT_NAME = /\.tar(\.zst|\.gz)?(\.age)?$/;

export interface FoundArtifact {
  key: string;
  size: number;
  mtime: Date;
  /** sha256 of the artifact itself (decrypted when stored encrypted). */
  sha256: string | null;
  manifest: ArtifactManifest | null;
  /** Why the manifest could not be read. */
  error: string | null;
  /** Read from the index beside it (artifact-index.ts) instead of the object itself. */
  fromIndex?: boolean;
}

function hashing(hash: crypto.Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** The artifact behind `key` as a plain file (a local file in place; else fetched, decrypted when `.age`), and its sha256. */
async function plainFile(loc: StorageLocation, key: string, scratch: string): Promise<{ file: string; sha256: string; temp: boolean }> {
  const backend = backendFor(loc);
  const hash = crypto.createHash("sha256");
  if (backend.localPath && !key.endsWith(".age")) {
    const file = backend.localPath(key);
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
    return { file, sha256: hash.digest("hex"), temp: false };
  }
  const file = path.join(scratch, `rescan-${crypto.randomUUID()}${key.replace(/\.age$/, "").replace(/^.*(\.tar.*)$/, "$1")}`);
  const body = await backend.open(key);
  if (key.endsWith(".age")) {
    const identity = locationIdentity(loc);
    if (!identity) throw new Error("encrypted with age, and this location has no identity (import the recovery kit first)");
    const age = ageDecrypt(identity, { scratchDir: scratch });
    await Promise.all([pipeline(body, age.input), pipeline(age.output, hashing(hash), fs.createWriteStream(file, { mode: 0o600 })), age.done]);
  } else {
    await pipeline(body, hashing(hash), fs.createWriteStream(file, { mode: 0o600 }));
  }
  return { file, sha256: hash.digest("hex"), temp: true };
}

/**
 * Every artifact in a location with the manifest read from it (its first entry): what a console
 * that lost its database — a new one with the recovery kit — finds there. A copy's index (its
 * manifest and sha256, written beside it) is read when there is one; other remote objects are
 * fetched one at a time into `scratch` and removed after; `skip` leaves out keys already known.
 */
export async function scanLocation(loc: StorageLocation, scratch: string, skip: (key: string) => boolean = () => false): Promise<FoundArtifact[]> {
  const out: FoundArtifact[] = [];
  const backend = backendFor(loc);
  for await (const obj of backend.list("")) {
    if (!ARTIFACT_NAME.test(obj.key) || skip(obj.key)) continue;
    const found: FoundArtifact = { key: obj.key, size: obj.size, mtime: obj.mtime, sha256: null, manifest: null, error: null };
    // The index a copy wrote beside itself: a few hundred bytes instead of the whole object. A
    // stale one (another size) is ignored; the restore checks the sha256 on the way regardless.
    const index = await readArtifactIndex(backend, loc, obj.key, { scratchDir: scratch });
    if (index && index.storedBytes === obj.size) {
      found.sha256 = index.sha256;
      found.manifest = index.manifest;
      found.fromIndex = true;
      out.push(found);
      continue;
    }
    let got: Awaited<ReturnType<typeof plainFile>> | null = null;
    try {
      got = await plainFile(loc, obj.key, scratch);
      found.sha256 = got.sha256;
      found.manifest = await readManifest(got.file);
    } catch (e) {
      found.error = (e as Error).message;
    } finally {
      if (got?.temp) fs.rmSync(got.file, { force: true });
    }
    out.push(found);
  }
  return out;
}
