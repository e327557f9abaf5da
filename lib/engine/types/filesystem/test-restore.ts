import path from "node:path";
import { RestoreError } from "../../restore/context";
import { sha256File } from "../../restore/verify";
import type { TestRestoreArgs } from "../module";
import { folderRestore } from "./folder-restore";

/** Extract the folder into scratch space, compare counts and bytes, re-hash a sample of files. */
export async function folderTestRestore({ ctx, manifest: m }: TestRestoreArgs): Promise<string> {
  const dir = path.join(ctx.workDir, "files");
  const r = await folderRestore(ctx, dir, { sampleEvery: 25 });
  const want = { files: r.summary?.fileCount ?? m.payload.fileCount ?? null, bytes: r.summary?.bytes ?? m.payload.sizeBytes ?? null };
  const diffs: string[] = [];
  if (want.files != null && want.files !== r.files) diffs.push(`${r.files} files restored, the backup recorded ${want.files}`);
  if (want.bytes != null && want.bytes !== r.bytes) diffs.push(`${r.bytes} bytes restored, the backup recorded ${want.bytes}`);
  for (const s of r.sampled.slice(0, 200)) {
    const again = await sha256File(path.join(dir, s.rel));
    if (again !== s.sha256) diffs.push(`${s.rel}: content on disk differs from the artifact`);
  }
  if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
  return `${r.files} file(s), ${r.bytes} bytes match; ${r.sampled.length} sampled file checksum(s) match`;
}
