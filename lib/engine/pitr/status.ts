import type { PitrBaseBackup, PitrState, PitrWal } from "../../db/schema-pitr";
import { now } from "../clock";
import { listBaseBackups } from "./base-rows";
import { streamRow } from "./stream-rows";
import { listWal } from "./wal-store";
import { parseSegmentName } from "./wal-names";

/** What `GET /api/v1/targets/{id}` adds as `pitr` and the target page shows. */
export interface PitrStatus {
  state: PitrState;
  lastWalAt: string | null;
  /** Any moment from windowFrom to windowTo can be restored (null: nothing can be yet). */
  windowFrom: string | null;
  windowTo: string | null;
  slotRetainedBytes: number | null;
}

/** A lease not renewed for this long means its console is gone: the stream is stopped. */
export const LEASE_STALE_MS = 30_000;

export function pitrStatus(targetId: number, at: Date = now()): PitrStatus {
  const row = streamRow(targetId);
  const alive = !!row?.owner && !!row.heartbeatAt && at.getTime() - row.heartbeatAt.getTime() < LEASE_STALE_MS;
  const w = recoveryWindow(listBaseBackups(targetId), listWal(targetId));
  return {
    state: alive ? row!.state : "stopped",
    lastWalAt: row?.lastWalAt?.toISOString() ?? null,
    windowFrom: w?.from.toISOString() ?? null,
    windowTo: w?.to.toISOString() ?? null,
    slotRetainedBytes: row?.slotRetainedBytes ?? null,
  };
}

/**
 * The window that ends at the newest stored WAL: walk back from the newest segment while the
 * segments are contiguous; the oldest base backup starting inside that run (and consistent before
 * its end) opens the window.
 */
export function recoveryWindow(backups: PitrBaseBackup[], wal: PitrWal[]): { from: Date; to: Date } | null {
  const segs = wal.filter((x) => x.kind === "segment" && x.segNo != null).sort((a, b) => a.timeline - b.timeline || a.segNo! - b.segNo!);
  const newest = segs.at(-1);
  if (!newest) return null;
  let runStart = newest.segNo!;
  const have = new Set(segs.filter((s) => s.timeline === newest.timeline).map((s) => s.segNo!));
  while (have.has(runStart - 1)) runStart--;
  // The snapshot of the segment being written extends the window to its time.
  const partial = wal.find((x) => x.kind === "partial" && x.timeline === newest.timeline && x.segNo === newest.segNo! + 1);
  const to = partial && partial.receivedAt > newest.receivedAt ? partial.receivedAt : newest.receivedAt;
  const from = backups
    .filter((b) => b.status === "success" && b.finishedAt && b.timeline === newest.timeline && b.startWal && b.walSegSize)
    .filter((b) => parseSegmentName(b.startWal!, b.walSegSize!)!.segNo >= runStart && b.finishedAt! <= to)
    .map((b) => b.finishedAt!)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return from ? { from, to } : null;
}
