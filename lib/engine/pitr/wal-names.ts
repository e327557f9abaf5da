/**
 * WAL file names and positions. A segment is named TTTTTTTTXXXXXXXXYYYYYYYY (timeline, log id,
 * segment within the log id, hex); how many segments make one log id depends on the cluster's
 * wal_segment_size (16 MiB by default, set at initdb), so every computation takes it.
 */
import { formatLimit } from "../../ui/units";

export const SEGMENT_NAME = /^[0-9A-F]{24}$/;
export const HISTORY_NAME = /^[0-9A-F]{8}\.history$/;

const LOG_ID_SPAN = 0x1_0000_0000;

export interface SegmentName {
  timeline: number;
  segNo: number;
}

export function parseSegmentName(name: string, segSize: number): SegmentName | null {
  if (!SEGMENT_NAME.test(name)) return null;
  const timeline = parseInt(name.slice(0, 8), 16);
  const logId = parseInt(name.slice(8, 16), 16);
  const seg = parseInt(name.slice(16, 24), 16);
  return { timeline, segNo: logId * segmentsPerLogId(segSize) + seg };
}

export function segmentName(timeline: number, segNo: number, segSize: number): string {
  const per = segmentsPerLogId(segSize);
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, "0");
  return hex(timeline) + hex(Math.floor(segNo / per)) + hex(segNo % per);
}

export function segmentsPerLogId(segSize: number): number {
  if (!Number.isInteger(segSize) || segSize < 1 << 20 || segSize > 1 << 30 || (segSize & (segSize - 1)) !== 0) {
    throw new Error(`Invalid WAL segment size ${segSize} (a power of two from ${formatLimit(1 << 20)} to ${formatLimit(1 << 30)})`);
  }
  return LOG_ID_SPAN / segSize;
}

/** "16/B374D848" → byte position. */
export function parseLsn(lsn: string): number {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (!m) throw new Error(`Not an LSN: ${JSON.stringify(lsn)}`);
  return parseInt(m[1], 16) * LOG_ID_SPAN + parseInt(m[2], 16);
}

export function formatLsn(pos: number): string {
  return `${Math.floor(pos / LOG_ID_SPAN).toString(16).toUpperCase()}/${(pos % LOG_ID_SPAN).toString(16).toUpperCase()}`;
}

/** The segment that holds byte `lsn`. */
export function segmentOfLsn(lsn: string, segSize: number): number {
  return Math.floor(parseLsn(lsn) / segSize);
}

/**
 * The segment holding the record that ENDS at `lsn`: an end position exactly on a boundary
 * belongs to the segment before it (the backup manifest's End-LSN can be such a boundary).
 */
export function segmentOfEndLsn(lsn: string, segSize: number): number {
  const pos = parseLsn(lsn);
  return Math.floor(Math.max(pos - 1, 0) / segSize);
}

/** "16MB" / "1MB" / "1GB" (SHOW wal_segment_size) → bytes. */
export function parseSegSize(shown: string): number {
  const m = /^(\d+)\s*(kB|MB|GB)$/.exec(shown.trim());
  if (!m) throw new Error(`Unexpected wal_segment_size ${JSON.stringify(shown)}`);
  const unit = { kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] as "kB" | "MB" | "GB"];
  return Number(m[1]) * unit;
}
