import crypto from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import { runRestic, type ResticCallOptions } from "./exec";
import { snapshotPath } from "./ls";
import { moveInto } from "./move-into";
import type { ResticRepo } from "./repo";

export interface RestoreOptions extends ResticCallOptions {
  /** Paths inside the snapshot ("/cam1/2026-12-01"); none = the whole snapshot. */
  include?: string[];
}

/**
 * Restore a snapshot (or some of its paths) into `dest`. restic writes into a fresh scratch
 * folder inside the destination (same filesystem: the move is a rename), then moveInto() brings
 * the files over with the folder restore's safety rules, so an existing symlink in the
 * destination is never followed out of it. The scratch folder goes in every case.
 */
export async function restoreSnapshot(repo: ResticRepo, snapshotId: string, dest: string, o: RestoreOptions = {}): Promise<{ files: number; bytes: number }> {
  await fsp.mkdir(dest, { recursive: true });
  const scratchName = `.lifeboat-restore-${crypto.randomBytes(6).toString("hex")}`;
  const scratch = path.join(dest, scratchName);
  await fsp.mkdir(scratch, { mode: 0o700 });
  try {
    const args = ["restore", snapshotId, "--target", scratch];
    for (const p of o.include ?? []) args.push("--include", snapshotPath(p));
    await runRestic(repo, args, "restore", o);
    return await moveInto(scratch, dest, new Set([scratchName]));
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
}
