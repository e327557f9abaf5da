import fs from "node:fs";
import type { StorageBackend } from "./backend";
import type { ArtifactLocation } from "./local";
import { sha256KeyOf } from "./run-artifact";

/**
 * A location without a local fast path: the archive was written into scratch space; `put` it and
 * its `.sha256` under the run's key, then check what the backend holds (size), so a run is marked
 * present only when the object is complete there. A failure removes what was stored.
 */
export async function storeScratchArtifact(backend: StorageBackend, loc: ArtifactLocation, sizeBytes: number, signal: AbortSignal): Promise<void> {
  try {
    await backend.put(loc.key, fs.createReadStream(loc.file), { signal, size: sizeBytes });
    await backend.put(sha256KeyOf(loc.key), fs.createReadStream(`${loc.file}.sha256`), { signal });
    const stored = await backend.stat(loc.key);
    if (stored?.size !== sizeBytes) throw new Error(`${backend.where} holds ${stored?.size ?? "no"} bytes under ${loc.key}; ${sizeBytes} were written`);
  } catch (e) {
    await backend.delete(loc.key).catch(() => {});
    await backend.delete(sha256KeyOf(loc.key)).catch(() => {});
    throw e;
  }
}
