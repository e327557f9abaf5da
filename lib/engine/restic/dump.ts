import { runRestic, type ResticCallOptions } from "./exec";
import { snapshotPath } from "./ls";
import type { ResticRepo } from "./repo";

/**
 * Write a snapshot's folder (or "/" for all of it) as a tar stream to `out` (a download, a
 * file). A single file path gives that file's bytes instead, as `restic dump` does.
 */
export async function dumpTar(repo: ResticRepo, snapshotId: string, at: string, out: NodeJS.WritableStream, opts: ResticCallOptions = {}): Promise<void> {
  await runRestic(repo, ["dump", "--archive", "tar", snapshotId, snapshotPath(at)], "dump", { ...opts, raw: true, stdout: out });
}
