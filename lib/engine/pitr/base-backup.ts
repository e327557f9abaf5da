import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { trackedExeca } from "../process/process-registry";
import { getDb } from "../../db/client";
import { pitrBaseBackups, type PitrBackupFile, type PitrBaseBackup } from "../../db/schema-pitr";
import { now } from "../clock";
import { runTool } from "../process/exec-tool";
import type { RunLog } from "../process/run-log";
import type { StorageBackend } from "../storage/backend";
import { parseBackupLabel, parseManifestWalRanges } from "./backup-label";
import { scalar, sqlConn } from "./conn";
import { parseSegSize, segmentName, segmentOfEndLsn } from "./wal-names";
import { putCompressed } from "./zstd-io";
import { formatBytesExact } from "../../ui/units";
import { finishBaseRun, insertBaseRun } from "./base-runs";
import { pitrTaskLogPath } from "./target-stream";

export interface BaseBackupOptions {
  targetId: number;
  url: string;
  backend: StorageBackend;
  prefix: string;
  /** Local scratch folder; the copy is spooled here, then compressed to storage, then removed. */
  workDir: string;
  log: RunLog;
  signal: AbortSignal;
  /** The pitr-base-backup task taking it (its log). */
  taskId?: number;
}

export const baseKey = (prefix: string, id: number, file: string) => `${prefix}/base/${id}/${file}.zst`;

/**
 * A base backup: `pg_basebackup -Ft -X none` (the WAL comes from the stream, not from the copy),
 * every file compressed to storage with the sha256 of its raw bytes, and the WAL range recorded:
 * the first segment (backup_label) and the last (the manifest's End-LSN). A restore from it needs
 * exactly that range, then the WAL up to its target time.
 */
export async function takeBaseBackup(o: BaseBackupOptions): Promise<PitrBaseBackup> {
  const db = getDb();
  const started = now();
  // Its run row (kind pitr-base) in the same transaction: the target's run list shows it running.
  const row = db.transaction((tx) => {
    const runId = insertBaseRun(tx, o.targetId, started, o.taskId != null ? pitrTaskLogPath(o.taskId) : null);
    return tx.insert(pitrBaseBackups).values({ targetId: o.targetId, status: "running", startedAt: started, taskId: o.taskId ?? null, runId }).returning().get();
  });
  const dir = path.join(o.workDir, `base-${row.id}`);
  try {
    const conn = sqlConn(o.url);
    const segSize = parseSegSize((await scalar(conn, "SHOW wal_segment_size", o.signal)) ?? "");
    const args = ["-D", dir, "-Ft", "-X", "none", "--checkpoint=fast", "--manifest-checksums=SHA256", "--no-password", "--verbose", `--dbname=${conn.uri}`];
    await runTool("pg_basebackup", args, { signal: o.signal, log: o.log, env: conn.env });
    const label = parseBackupLabel((await trackedExeca("tar", ["-xOf", path.join(dir, "base.tar"), "backup_label"], { maxBuffer: 1 << 20 })).stdout);
    const ranges = parseManifestWalRanges(await fsp.readFile(path.join(dir, "backup_manifest"), "utf8"));
    const last = ranges[ranges.length - 1];
    const endWal = segmentName(last.timeline, segmentOfEndLsn(last.endLsn, segSize), segSize);
    o.log.info(`Base backup needs WAL ${label.startWal} to ${endWal} (start ${label.startLsn}, end ${last.endLsn}, timeline ${last.timeline})`);
    await closeSegment(o);
    const files: PitrBackupFile[] = [];
    for (const name of fs.readdirSync(dir).sort()) {
      const key = baseKey(o.prefix, row.id, name);
      const d = await putCompressed(o.backend, key, path.join(dir, name), { signal: o.signal });
      files.push({ name, key, ...d });
      o.log.info(`Stored ${name}: ${formatBytesExact(d.size)}, ${formatBytesExact(d.storedSize)} compressed, sha256 ${d.sha256}`);
    }
    return db.transaction((tx) => {
      const done = tx
        .update(pitrBaseBackups)
        .set({
        status: "success",
        files,
        timeline: last.timeline,
        startLsn: label.startLsn,
        endLsn: last.endLsn,
        startWal: label.startWal,
        endWal,
        walSegSize: segSize,
        finishedAt: now(),
        sizeBytes: files.reduce((s, f) => s + f.storedSize, 0),
      })
      .where(eq(pitrBaseBackups.id, row.id))
      .returning()
      .get();
      finishBaseRun(tx, done, done.finishedAt!);
      return done;
    });
  } catch (e) {
    db.transaction((tx) => {
      const failed = tx.update(pitrBaseBackups).set({ status: "failed", error: o.log.mask((e as Error).message).slice(0, 2000) }).where(eq(pitrBaseBackups.id, row.id)).returning().get();
      finishBaseRun(tx, failed, now());
    });
    throw e;
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/**
 * The copy's last WAL record sits in a segment the server is still writing; until that segment
 * is complete (and streamed), no restore from the copy is possible. Ask the server to switch now
 * (superuser or GRANT EXECUTE ON FUNCTION pg_switch_wal); without the right it happens by itself
 * when the segment fills.
 */
async function closeSegment(o: BaseBackupOptions): Promise<void> {
  try {
    await scalar(sqlConn(o.url), "SELECT pg_switch_wal()", o.signal);
  } catch (e) {
    o.log.info(`Could not switch WAL segments (${(e as Error).message}); the copy becomes restorable when the current segment fills`);
  }
}
