import path from "node:path";
import { RestoreError } from "../../restore/context";
import { sha256File } from "../../restore/verify";
import type { TestRestoreArgs } from "../module";
import { folderRestore } from "../filesystem/folder-restore";
import { volumeEntries } from "./restore";

/**
 * volume.tar extracted into scratch space with the restore's own checks (no Docker needed), then
 * a sample of files re-hashed from disk. The manifest's size is the tar's, not the files': no
 * byte count to compare.
 */
export async function volumeTestRestore({ ctx }: TestRestoreArgs): Promise<string> {
  const dir = path.join(ctx.workDir, "volume-files");
  const r = await folderRestore(ctx, dir, { entries: volumeEntries(ctx), sampleEvery: 25 });
  const diffs: string[] = [];
  for (const s of r.sampled.slice(0, 200)) {
    if ((await sha256File(path.join(dir, s.rel))) !== s.sha256) diffs.push(`${s.rel}: content on disk differs from the artifact`);
  }
  if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
  return `${r.files} file(s), ${r.bytes} bytes of volume.tar extracted with the restore's checks; ${r.sampled.length} sampled file checksum(s) match`;
}
