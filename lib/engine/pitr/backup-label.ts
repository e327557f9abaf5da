/**
 * What a base backup needs from the WAL: backup_label (inside base.tar) names the first segment
 * and the start time; backup_manifest's WAL-Ranges gives the end position. Both are parsed from
 * files pg_basebackup just wrote for us, and still treated as input: bounded, checked shapes.
 */
import { formatLimit } from "../../ui/units";

export interface BackupLabel {
  startLsn: string;
  startWal: string;
  timeline: number;
  startTime: string | null;
}

export function parseBackupLabel(text: string): BackupLabel {
  const start = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+) \(file ([0-9A-F]{24})\)$/m.exec(text);
  const tl = /^START TIMELINE: (\d+)$/m.exec(text);
  if (!start || !tl) throw new Error("backup_label has no START WAL LOCATION / START TIMELINE");
  const time = /^START TIME: (.+)$/m.exec(text);
  return { startLsn: start[1], startWal: start[2], timeline: Number(tl[1]), startTime: time ? time[1].trim() : null };
}

export interface ManifestWalRange {
  timeline: number;
  startLsn: string;
  endLsn: string;
}

export function parseManifestWalRanges(json: string): ManifestWalRange[] {
  if (json.length > 64 * 1024 * 1024) throw new Error(`backup_manifest is larger than ${formatLimit(64 * 1024 * 1024)}`);
  const doc = JSON.parse(json) as { "WAL-Ranges"?: { Timeline?: unknown; "Start-LSN"?: unknown; "End-LSN"?: unknown }[] };
  const ranges = doc["WAL-Ranges"];
  if (!Array.isArray(ranges) || ranges.length === 0) throw new Error("backup_manifest has no WAL-Ranges");
  return ranges.map((r) => {
    if (typeof r.Timeline !== "number" || typeof r["Start-LSN"] !== "string" || typeof r["End-LSN"] !== "string") throw new Error("backup_manifest: malformed WAL-Ranges entry");
    return { timeline: r.Timeline, startLsn: r["Start-LSN"], endLsn: r["End-LSN"] };
  });
}
