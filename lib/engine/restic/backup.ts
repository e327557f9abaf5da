import type { Readable } from "node:stream";
import { parseBackupLine, type BackupProgress, type SnapshotSummary } from "./backup-output";
import { ResticError } from "./errors";
import { runRestic, type ResticCallOptions } from "./exec";
import { SNAPSHOT_HOST, type ResticRepo } from "./repo";

export interface BackupOptions {
  tags: string[];
  /** restic's --exclude patterns. */
  exclude?: string[];
  /** The previous snapshot of this target: what restic compares with to skip unchanged files. */
  parent?: string;
  /** The snapshot's time instead of now (imports, and the bench's simulated days). */
  time?: Date;
  onProgress?: (p: BackupProgress) => void;
  /** Files restic could not read (it goes on and exits 3: the snapshot then lacks them). */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
  onStderr?: (line: string) => void;
}

export interface BackupResult extends SnapshotSummary {
  /** Some files could not be read (restic exit code 3): the snapshot exists without them. */
  incomplete: boolean;
}

/** restic reads --time as local time "2006-01-02 15:04:05"; it runs with our TZ, so local fields match. */
function resticTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function commonArgs(o: BackupOptions): string[] {
  const args = ["--host", SNAPSHOT_HOST];
  for (const t of o.tags) args.push("--tag", t);
  if (o.parent) args.push("--parent", o.parent);
  if (o.time) args.push("--time", resticTime(o.time));
  return args;
}

/**
 * restic backup's --json lines → progress, warnings and the summary. Shared by a local restic and
 * one on another server (remote-backup.ts).
 */
export function backupLines(o: BackupOptions): { onLine: (line: string) => void; summary: () => SnapshotSummary | null } {
  let summary: SnapshotSummary | null = null;
  const onLine = (line: string) => {
    const parsed = parseBackupLine(line);
    if (parsed?.kind === "status") o.onProgress?.(parsed.progress);
    else if (parsed?.kind === "summary") {
      summary = parsed.summary;
      // restic prints status lines at most twice a second: a small backup may end with only a 0 %
      // line, so the summary closes the progress at 100 % (the bar never stops short).
      const t = parsed.summary;
      o.onProgress?.({ filesDone: t.totalFiles, totalFiles: t.totalFiles, bytesDone: t.totalBytes, totalBytes: t.totalBytes, percent: 100, secondsRemaining: 0, secondsElapsed: t.durationSeconds });
    } else if (parsed?.kind === "error") o.onWarning?.(parsed.message);
  };
  return { onLine, summary: () => summary };
}

async function runBackup(repo: ResticRepo, args: string[], o: BackupOptions, extra: ResticCallOptions): Promise<BackupResult> {
  const lines = backupLines(o);
  let incomplete = false;
  try {
    await runRestic(repo, args, "backup", { ...extra, signal: o.signal, onLine: lines.onLine, onStderr: o.onStderr });
  } catch (e) {
    // Exit 3: "snapshot created, but some source files could not be read".
    if (!(e instanceof ResticError && e.exitCode === 3 && lines.summary())) throw e;
    incomplete = true;
  }
  const s = lines.summary();
  if (!s?.id) throw new ResticError("restic backup ended without a snapshot id");
  return { ...s, incomplete };
}

/** Back up a folder; the snapshot's tree is the folder's content (paths start at "/"). */
export async function backupFolder(repo: ResticRepo, folder: string, o: BackupOptions): Promise<BackupResult> {
  const args = ["backup", ...commonArgs(o)];
  for (const x of o.exclude ?? []) args.push("--exclude", x);
  // "." from inside the folder: the snapshot records the folder's absolute path, files at the root.
  args.push(".");
  return runBackup(repo, args, o, { cwd: folder });
}

/** Back up one stream as a single file (`--stdin`). Prefer backupFromCommand for dumps. */
export async function backupStream(
  repo: ResticRepo,
  input: Readable,
  filename: string,
  o: BackupOptions,
  onSpawn?: ResticCallOptions["onSpawn"],
): Promise<BackupResult> {
  const args = ["backup", ...commonArgs(o), "--stdin", "--stdin-filename", filename];
  return runBackup(repo, args, o, { stdin: input, onSpawn });
}
