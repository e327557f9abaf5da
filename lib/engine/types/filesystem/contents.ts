import type { ContentsArgs } from "../module";
import type { Contents } from "../restore-shapes";
import { folderIndex } from "../shared/folder-index";

/** File count and bytes from the artifact's path list (its paths are searched page by page). */
export async function folderContents({ runId, sha, artifact }: ContentsArgs): Promise<Contents> {
  const { fileCount, totalBytes } = await folderIndex(runId, sha, artifact);
  return { kind: "folder", fileCount, totalBytes };
}
