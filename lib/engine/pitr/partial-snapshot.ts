import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { getDb } from "../../db/client";
import { pitrWal, type PitrWal } from "../../db/schema-pitr";
import type { StorageBackend } from "../storage/backend";
import { dropPartials, walRow } from "./wal-store";
import { parseSegmentName } from "./wal-names";
import { putCompressed } from "./zstd-io";

/**
 * A segment fills slowly on a quiet server (16 MB of WAL can take an hour), and only complete
 * segments are stored: that would be the recovery point. So the segment pg_receivewal is writing
 * (`<name>.partial`, pre-sized with zeros) is also stored every few seconds as a snapshot; a
 * restore to a time after the last complete segment replays it up to where it ends. Only the
 * newest snapshot is kept.
 *
 * Every snapshot gets its own object key: a restore that planned with the previous row must never
 * read the next snapshot's bytes under the old row's checksum (restore-fetch re-reads the row and
 * tries again when the object it planned with has been replaced meanwhile).
 */
export const partialKey = (prefix: string, name: string, at: number) => `${prefix}/wal/${name}.${at.toString(36)}.zst`;

export function partialSpoolFile(spoolDir: string): string | null {
  let names: string[];
  try {
    names = fs.readdirSync(spoolDir);
  } catch {
    return null;
  }
  const p = names.filter((n) => /^[0-9A-F]{24}\.partial$/.test(n)).sort().at(-1);
  return p ? path.join(spoolDir, p) : null;
}

export async function storePartialSnapshot(opts: { targetId: number; backend: StorageBackend; prefix: string; file: string; signal?: AbortSignal }): Promise<PitrWal | null> {
  const name = path.basename(opts.file);
  let st: fs.Stats;
  try {
    st = await fsp.stat(opts.file);
  } catch {
    return null; // completed and renamed meanwhile: the segment sweep stores it
  }
  const seg = parseSegmentName(name.slice(0, 24), st.size);
  if (!seg) return null;
  const key = partialKey(opts.prefix, name, Date.now());
  const before = walRow(opts.targetId, name);
  let d;
  try {
    d = await putCompressed(opts.backend, key, opts.file, { level: 1, signal: opts.signal });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  // The mtime read BEFORE copying: every record up to it is in the copy (later ones may be too).
  const row = { targetId: opts.targetId, name, kind: "partial" as const, timeline: seg.timeline, segNo: seg.segNo, segSize: st.size, key, size: d.size, sha256: d.sha256, storedSize: d.storedSize, receivedAt: st.mtime };
  const [saved] = getDb().insert(pitrWal).values(row).onConflictDoUpdate({ target: [pitrWal.targetId, pitrWal.name], set: row }).returning().all();
  if (before && before.key !== key) await opts.backend.delete(before.key).catch(() => {});
  await dropPartials(opts.targetId, opts.backend, (p) => p.name !== name);
  return saved;
}
