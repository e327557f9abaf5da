import type { Run } from "../../db/schema";
import type { ArtifactManifest } from "../../engine/archive/read";
import { artifactContents, type Contents } from "../../engine/restore/contents";
import type { ArtifactSource } from "../../engine/copies/artifact-sources";
import { copyFileOnThisMachine } from "../../engine/copies/artifact-sources";

/**
 * The preview of a run whose primary artifact is gone, read from a copy: the manifest the run
 * kept; the contents listing when the copy is an unencrypted file on this machine (a local or NAS
 * location). A remote or encrypted copy is not fetched for a preview (that is the restore's work).
 */
export async function previewFromCopy(run: Run, source: ArtifactSource): Promise<{ manifest: ArtifactManifest | null; contents: Contents | null; problem: string | null }> {
  const manifest = (run.manifest as ArtifactManifest | null) ?? null;
  if (!manifest) return { manifest: null, contents: null, problem: null };
  const file = copyFileOnThisMachine(run.id, source.storageId!);
  if (!file) {
    return { manifest, contents: { kind: "other", note: `The contents are read when the restore fetches the copy from ${source.name}` }, problem: null };
  }
  try {
    return { manifest, contents: await artifactContents(run.id, run.sha256, file, manifest), problem: null };
  } catch (e) {
    return { manifest, contents: null, problem: `The copy in ${source.name} could not be read: ${(e as Error).message}` };
  }
}
