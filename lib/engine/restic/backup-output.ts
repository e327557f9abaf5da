/** Live progress of a backup, from restic's JSON status lines. */
export interface BackupProgress {
  filesDone: number;
  totalFiles: number;
  bytesDone: number;
  totalBytes: number;
  /** 0–100. */
  percent: number;
  /** null while restic cannot tell yet (it reports 2^63 then). */
  secondsRemaining: number | null;
  secondsElapsed: number;
}

/** What a run shows about its snapshot (`"snapshot": {…}` on GET /api/v1/runs/{id}). */
export interface SnapshotSummary {
  id: string;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dataAddedBytes: number;
  totalBytes: number;
  totalFiles: number;
  durationSeconds: number;
}

interface StatusLine {
  message_type: "status";
  seconds_elapsed?: number;
  seconds_remaining?: number;
  percent_done?: number;
  total_files?: number;
  files_done?: number;
  total_bytes?: number;
  bytes_done?: number;
}

interface SummaryLine {
  message_type: "summary";
  files_new: number;
  files_changed: number;
  files_unmodified: number;
  data_added: number;
  total_files_processed: number;
  total_bytes_processed: number;
  total_duration: number;
  snapshot_id?: string;
}

// Anything above a year is restic's "unknown" (it prints 9223372036854775808).
const UNKNOWN_REMAINING = 366 * 86_400;

export type BackupLine = { kind: "status"; progress: BackupProgress } | { kind: "summary"; summary: SnapshotSummary } | { kind: "error"; message: string } | null;

/** One stdout line of `restic backup --json`. */
export function parseBackupLine(line: string): BackupLine {
  if (!line.startsWith("{")) return null;
  let o: { message_type?: string };
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (o.message_type === "status") {
    const s = o as StatusLine;
    const rem = s.seconds_remaining;
    return {
      kind: "status",
      progress: {
        filesDone: s.files_done ?? 0,
        totalFiles: s.total_files ?? 0,
        bytesDone: s.bytes_done ?? 0,
        totalBytes: s.total_bytes ?? 0,
        percent: Math.min(100, Math.round((s.percent_done ?? 0) * 1000) / 10),
        secondsRemaining: rem != null && rem >= 0 && rem < UNKNOWN_REMAINING ? rem : null,
        secondsElapsed: s.seconds_elapsed ?? 0,
      },
    };
  }
  if (o.message_type === "summary") {
    const s = o as SummaryLine;
    return {
      kind: "summary",
      summary: {
        id: s.snapshot_id ?? "",
        filesNew: s.files_new,
        filesChanged: s.files_changed,
        filesUnmodified: s.files_unmodified,
        dataAddedBytes: s.data_added,
        totalBytes: s.total_bytes_processed,
        totalFiles: s.total_files_processed,
        durationSeconds: s.total_duration,
      },
    };
  }
  if (o.message_type === "error") {
    const e = o as { error?: { Op?: string; Path?: string; Err?: unknown } | string; item?: string; during?: string };
    return { kind: "error", message: `${e.during ?? "error"} ${e.item ?? ""}: ${typeof e.error === "string" ? e.error : JSON.stringify(e.error)}`.trim() };
  }
  return null;
}
