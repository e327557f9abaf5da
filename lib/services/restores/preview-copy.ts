import fs from "node:fs";
import path from "node:path";
import type { Run } from "../../db/schema";
import { env } from "../../env";
import type { ArtifactManifest } from "../../engine/archive/read";
import { artifactContents, type Contents } from "../../engine/restore/contents";
import type { ArtifactSource } from "../../engine/copies/artifact-sources";
import { copyFileOnThisMachine, fetchCopyInto } from "../../engine/copies/artifact-sources";
import { formatBytes } from "../../ui/units";

/** A remote or encrypted copy up to this size is fetched (decrypted, sha256-checked) to list its contents for the preview. */
export const PREVIEW_FETCH_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The preview of a run read from a copy: the manifest the run kept; the contents listing from the
 * copy's file when it is an unencrypted file on this machine (a local or NAS location), else from
 * the copy fetched into a scratch folder (decrypted and checked against the sha256, then removed)
 * when it is small enough. A larger remote copy is not fetched for a preview: the restore does it.
 */
export async function previewFromCopy(run: Run, source: ArtifactSource): Promise<{ manifest: ArtifactManifest | null; contents: Contents | null; problem: string | null }> {
  const manifest = (run.manifest as ArtifactManifest | null) ?? null;
  if (!manifest) return { manifest: null, contents: null, problem: null };
  const file = copyFileOnThisMachine(run.id, source.storageId!);
  if (file) {
    try {
      return { manifest, contents: await artifactContents(run.id, run.sha256, file, manifest), problem: null };
    } catch (e) {
      return { manifest, contents: null, problem: `The copy in ${source.name} could not be read: ${(e as Error).message}` };
    }
  }
  if ((run.sizeBytes ?? Infinity) > PREVIEW_FETCH_MAX_BYTES) {
    return {
      manifest,
      contents: { kind: "other", note: `The contents are read when the restore fetches the copy from ${source.name} (${formatBytes(run.sizeBytes)}; a preview fetches copies up to ${formatBytes(PREVIEW_FETCH_MAX_BYTES)})` },
      problem: null,
    };
  }
  // Beside the restores' scratch folders: start-up removes one a crash left behind.
  const root = path.join(env().dataDir, "restore-work");
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const scratch = fs.mkdtempSync(path.join(root, "preview-"));
  try {
    const fetched = await fetchCopyInto(run, source.storageId!, scratch);
    return { manifest, contents: await artifactContents(run.id, run.sha256, fetched, manifest), problem: null };
  } catch (e) {
    return { manifest, contents: null, problem: `The copy in ${source.name} could not be read: ${(e as Error).message}` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
