import type { ArtifactManifest } from "../archive/read";
import { moduleForPayload } from "../types/registry";
import type { Contents } from "../types/restore-shapes";
import { cacheBase } from "../types/shared/preview-cache";

export type { Contents } from "../types/restore-shapes";
export { searchFolderPaths, type PathPage } from "../types/shared/folder-index";

/** What is inside an artifact, for the preview page: the module of the type that wrote the payload says. */
export async function artifactContents(runId: number, sha: string | null, artifact: string, m: ArtifactManifest): Promise<Contents> {
  const mod = moduleForPayload(m.payload.name);
  if (!mod?.contents) return { kind: "other", note: `Payload ${m.payload.name}: no content listing` };
  return mod.contents({ cacheBase: cacheBase(runId, sha), runId, sha, artifact, manifest: m });
}
