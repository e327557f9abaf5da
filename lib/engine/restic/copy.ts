import { runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

/**
 * Create a copy location's repository with the same chunker parameters as the source, so
 * `restic copy` transfers only new chunks (without them every copied file would be re-chunked
 * and nothing would deduplicate against the first copy).
 */
export async function initCopyRepo(copy: ResticRepo, source: ResticRepo, opts: ResticCallOptions = {}): Promise<void> {
  await runRestic(copy, ["init", "--repository-version", "2", "--copy-chunker-params"], "init (copy)", { ...opts, from: source });
}

/** Copy a target's snapshots (its tag) that the copy repository does not hold yet. */
export async function copySnapshots(copy: ResticRepo, source: ResticRepo, tag: string, opts: ResticCallOptions = {}): Promise<void> {
  await runRestic(copy, ["copy", "--tag", tag], "copy", { ...opts, from: source });
}
