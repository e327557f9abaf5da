import type { PitrBaseBackup, PitrWal } from "../../db/schema-pitr";
import { ValidationError } from "../../errors";
import { parseSegmentName, segmentName } from "./wal-names";

/** A restore that cannot work with what is stored: said before anything is touched. */
export class PitrPlanError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = "PitrPlanError";
  }
}

export interface PitrRestorePlan {
  backup: PitrBaseBackup;
  /** Every segment recovery replays, in order, from the copy's first to past the target time. */
  segments: PitrWal[];
  history: PitrWal[];
}

/**
 * Which base backup and which WAL a restore to `targetTime` needs. The newest copy consistent
 * before the time (its finishedAt), then every segment of its timeline from its first one,
 * without a hole, up to the first segment completed at or after the time (a segment's
 * receivedAt: no record in it is newer), plus the next one when stored (records are stamped a
 * moment before they are written, so the boundary gets one segment of margin).
 */
export function planPitrRestore(targetTime: Date, backups: PitrBaseBackup[], wal: PitrWal[]): PitrRestorePlan {
  const t = targetTime.getTime();
  const done = backups.filter((b) => b.status === "success" && b.finishedAt && b.startWal && b.endWal && b.walSegSize && b.timeline);
  const before = done.filter((b) => b.finishedAt!.getTime() <= t).sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime());
  const backup = before[0];
  if (!backup) {
    const oldest = done.map((b) => b.finishedAt!).sort((a, b) => a.getTime() - b.getTime())[0];
    throw new PitrPlanError(
      oldest
        ? `No base backup was finished by ${targetTime.toISOString()}: the earliest point that can be restored is ${oldest.toISOString()}`
        : "There is no base backup of this target yet: take one before restoring to a point in time",
    );
  }
  const segSize = backup.walSegSize!;
  const first = parseSegmentName(backup.startWal!, segSize)!.segNo;
  const end = parseSegmentName(backup.endWal!, segSize)!.segNo;
  const bySeg = new Map<number, PitrWal>();
  for (const w of wal) if (w.kind === "segment" && w.timeline === backup.timeline && w.segNo != null) bySeg.set(w.segNo, w);
  const segments: PitrWal[] = [];
  for (let n = first; ; n++) {
    const w = bySeg.get(n);
    if (!w) {
      const have = segments.at(-1);
      const partial = wal.find((x) => x.kind === "partial" && x.timeline === backup.timeline && x.segNo === n);
      if (partial && n > end && partial.receivedAt.getTime() >= t) {
        segments.push(partial);
        break;
      }
      if (n <= end) throw new PitrPlanError(`WAL segment ${nameOf(backup, n)} is missing: base backup ${backup.id} cannot be made consistent without it`);
      const newest = [...bySeg.values()].filter((x) => x.segNo! > n).sort((a, b) => a.segNo! - b.segNo!)[0];
      if (newest) throw new PitrPlanError(`WAL segment ${nameOf(backup, n)} is missing (stored again from ${newest.name}): ${targetTime.toISOString()} cannot be reached from base backup ${backup.id}`);
      throw new PitrPlanError(
        `The stored WAL reaches ${reach(have, partial)}; ${targetTime.toISOString()} is later (the stream may lag or be stopped)`,
      );
    }
    segments.push(w);
    if (n >= end && w.receivedAt.getTime() >= t) {
      const margin = bySeg.get(n + 1);
      if (margin) segments.push(margin);
      break;
    }
  }
  const history = wal.filter((w) => w.kind === "history" && w.timeline <= backup.timeline!);
  return { backup, segments, history };
}

function reach(have: PitrWal | undefined, partial: PitrWal | undefined): string {
  const last = partial && (!have || partial.receivedAt > have.receivedAt) ? partial : have;
  return last ? last.receivedAt.toISOString() : "no further than the base backup";
}

function nameOf(b: PitrBaseBackup, segNo: number): string {
  return segmentName(b.timeline!, segNo, b.walSegSize!);
}
