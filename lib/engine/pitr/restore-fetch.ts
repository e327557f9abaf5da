import fs from "node:fs";
import type { PitrBaseBackup, PitrWal } from "../../db/schema-pitr";
import { trackedExeca } from "../process/process-registry";
import type { StorageBackend } from "../storage/backend";
import { asServerUser } from "./os-user";
import { fetchWal, walRow } from "./wal-store";
import { fetchDecompressed } from "./zstd-io";

type Reader = Pick<StorageBackend, "open">;

/**
 * base.tar, decompressed and checked on the way, is unpacked by tar running as the server's OS
 * user into its own folder: the files get the owner PostgreSQL needs, and a crafted archive can
 * write no further than that user may (GNU tar also refuses `..` members).
 */
export async function unpackBase(backend: Reader, backup: PitrBaseBackup, dataDir: string, signal: AbortSignal): Promise<void> {
  const tars = backup.files.filter((f) => f.name.endsWith(".tar"));
  if (tars.length !== 1 || tars[0].name !== "base.tar") throw new Error(`Base backup ${backup.id} has tablespace archives (${tars.map((t) => t.name).join(", ")}): not supported yet`);
  const [file, args] = asServerUser("tar", ["-x", "-f", "-", "-C", dataDir, "--no-same-owner", "--delay-directory-restore"]);
  const tar = trackedExeca(file, args, { cwd: dataDir, cancelSignal: signal, stdin: "pipe", stdout: "ignore", stderr: "pipe", reject: false });
  const feeding = fetchDecompressed(backend, tars[0].key, tar.stdin!, { size: tars[0].size, sha256: tars[0].sha256 }, signal);
  const [, r] = await Promise.all([feeding, tar]);
  if (r.failed) throw new Error(`Unpacking base.tar failed: ${String(r.stderr || r.shortMessage).trim().slice(-500)}`);
}

/** Every planned WAL file into `walDir` (restore_command copies from there), a few at a time. */
export async function fetchPlannedWal(backend: Reader, rows: PitrWal[], walDir: string, signal: AbortSignal, parallel = 4): Promise<void> {
  const owner = fs.statSync(walDir);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const file = await fetchOne(backend, rows[next++], walDir, signal);
      fs.chownSync(file, owner.uid, owner.gid);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, rows.length) }, worker));
}

/**
 * A partial snapshot is replaced every few seconds while the stream runs, and dropped once its
 * segment is complete: when the one planned with is gone or replaced, the complete segment or the
 * newest snapshot of it (both a superset of the planned one: WAL is only appended) is fetched
 * instead. Complete segments never change: a failure there is final.
 */
async function fetchOne(backend: Reader, row: PitrWal, walDir: string, signal: AbortSignal): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchWal(backend, row, walDir, signal);
    } catch (e) {
      if (row.kind !== "partial" || signal.aborted || attempt >= 3) throw e;
      const newer = walRow(row.targetId, row.name.replace(/\.partial$/, "")) ?? walRow(row.targetId, row.name);
      if (!newer || newer.key === row.key) throw e;
      row = newer;
    }
  }
}
