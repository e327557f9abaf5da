import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrWal, type PitrWal } from "../../db/schema-pitr";
import type { StorageBackend } from "../storage/backend";
import { HISTORY_NAME, parseSegmentName, SEGMENT_NAME } from "./wal-names";
import { fetchDecompressedToFile, putCompressed } from "./zstd-io";

/**
 * Completed WAL files leave the spool folder for the target's storage: compressed, stored under
 * `<prefix>/wal/<name>.zst`, recorded in pitr_wal, then removed from the spool. A `.partial`
 * segment is still being written by pg_receivewal and stays.
 */

export const walKey = (prefix: string, name: string) => `${prefix}/wal/${name}.zst`;

/** Completed files in the spool, oldest first (history files before the segments that follow them). */
export function completedSpoolFiles(spoolDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(spoolDir);
  } catch {
    return [];
  }
  return names.filter((n) => SEGMENT_NAME.test(n) || HISTORY_NAME.test(n)).sort();
}

export async function storeWalFile(opts: { targetId: number; backend: StorageBackend; prefix: string; file: string; segSize: number; signal?: AbortSignal }): Promise<PitrWal> {
  const name = path.basename(opts.file);
  const seg = parseSegmentName(name, opts.segSize);
  const history = HISTORY_NAME.test(name);
  if (!seg && !history) throw new Error(`Not a WAL file name: ${name}`);
  // The file's mtime is when its last byte arrived: no record in it is newer (restore planning).
  const { mtime } = await fsp.stat(opts.file);
  const key = walKey(opts.prefix, name);
  const d = await putCompressed(opts.backend, key, opts.file, { signal: opts.signal });
  const row = {
    targetId: opts.targetId,
    name,
    kind: history ? ("history" as const) : ("segment" as const),
    timeline: seg ? seg.timeline : parseInt(name.slice(0, 8), 16),
    segNo: seg?.segNo ?? null,
    segSize: seg ? opts.segSize : null,
    key,
    size: d.size,
    sha256: d.sha256,
    storedSize: d.storedSize,
    receivedAt: mtime,
  };
  // A console that died between put and insert stores the file again: same name, same row.
  const [saved] = getDb()
    .insert(pitrWal)
    .values(row)
    .onConflictDoUpdate({ target: [pitrWal.targetId, pitrWal.name], set: row })
    .returning()
    .all();
  await fsp.rm(opts.file, { force: true });
  if (seg) await dropPartials(opts.targetId, opts.backend, (p) => p.segNo! <= seg.segNo && p.timeline === seg.timeline);
  return saved;
}

/** Remove partial snapshots a complete segment (or a newer snapshot) made useless: row first, then object. */
export async function dropPartials(targetId: number, backend: StorageBackend, which: (p: PitrWal) => boolean): Promise<void> {
  const rows = getDb().select().from(pitrWal).where(and(eq(pitrWal.targetId, targetId), eq(pitrWal.kind, "partial"))).all().filter(which);
  for (const r of rows) {
    getDb().delete(pitrWal).where(eq(pitrWal.id, r.id)).run();
    await backend.delete(r.key).catch(() => {});
  }
}

/** Stored WAL of a target, without files retention marked for deletion. */
export function listWal(targetId: number): PitrWal[] {
  return getDb().select().from(pitrWal).where(and(eq(pitrWal.targetId, targetId), isNull(pitrWal.deletingAt))).orderBy(asc(pitrWal.timeline), asc(pitrWal.segNo), asc(pitrWal.name)).all();
}

export function walRow(targetId: number, name: string): PitrWal | undefined {
  return getDb().select().from(pitrWal).where(and(eq(pitrWal.targetId, targetId), eq(pitrWal.name, name))).get();
}

/**
 * Fetch one stored file back, decompressed and checked, to `dir/<name>` (a restore's WAL folder).
 * A partial snapshot lands under its segment's name: recovery replays it up to where it ends.
 */
export async function fetchWal(backend: Pick<StorageBackend, "open">, row: PitrWal, dir: string, signal?: AbortSignal): Promise<string> {
  const file = path.join(dir, row.name.replace(/\.partial$/, ""));
  await fetchDecompressedToFile(backend, row.key, file, { size: row.size, sha256: row.sha256 }, signal);
  return file;
}

/** Runs of missing segments between the first and last stored one of each timeline. */
export function walGaps(rows: PitrWal[]): { timeline: number; fromSegNo: number; toSegNo: number }[] {
  const gaps: { timeline: number; fromSegNo: number; toSegNo: number }[] = [];
  let prev: PitrWal | null = null;
  for (const r of rows) {
    if (r.kind !== "segment" || r.segNo == null) continue;
    if (prev && prev.timeline === r.timeline && r.segNo > prev.segNo! + 1) {
      gaps.push({ timeline: r.timeline, fromSegNo: prev.segNo! + 1, toSegNo: r.segNo - 1 });
    }
    prev = r;
  }
  return gaps;
}
