import type { ApiRestorePreview } from "../api/restore-shape";
import type { RunDto } from "../services/runs/dto";
import { formatBytes } from "../ui/units";

const MAX_TABLES = 15;

/** The preview as the console's preview page words it, for a terminal. */
export function previewLines(run: RunDto, p: ApiRestorePreview): string[] {
  const out = [`Restore run ${run.id} of ${run.appName}/${run.targetName} (${run.targetType}), taken ${run.startedAt ?? run.queuedAt}, ${formatBytes(run.sizeBytes)}`];
  const c = p.contents;
  if (c?.kind === "tables") {
    out.push(`In the backup: ${c.tables.length} table(s) (${c.source})`);
    for (const t of c.tables.slice(0, MAX_TABLES)) out.push(`  ${t.schema ? `${t.schema}.` : ""}${t.name}${t.rows != null ? `  ${t.rows} rows` : ""}`);
    if (c.tables.length > MAX_TABLES) out.push(`  … and ${c.tables.length - MAX_TABLES} more`);
  } else if (c?.kind === "folder") out.push(`In the backup: ${c.fileCount} file(s), ${formatBytes(c.totalBytes)}`);
  else if (c?.kind === "redis") out.push(`In the backup: a Redis dump of ${formatBytes(c.sizeBytes)}${c.keys != null ? `, ${c.keys} key(s)` : ""}`);
  else if (c) out.push(`In the backup: ${c.note}`);
  const d = p.destination;
  if (d.label) {
    out.push(`Into: ${d.label}${d.safetyBackup ? " — a safety backup of it is taken first" : " — no safety backup (it must be absent or empty)"}`);
    const s = d.state;
    if (s) {
      const what = !s.exists
        ? "nothing (it will be created)"
        : s.empty
          ? "empty"
          : [s.tables ? `${s.tables.length} table(s)` : null, s.fileCount != null ? `${s.fileCount}${s.countTruncated ? "+" : ""} file(s)` : null, s.keys != null ? `${s.keys} key(s)` : null, s.sizeBytes != null ? formatBytes(s.sizeBytes) : null]
              .filter(Boolean)
              .join(", ") || "data";
      out.push(`There now: ${what} — ${d.safetyBackup ? "overwritten by the restore" : "left alone"}`);
    }
  }
  out.push(`Space: needs at least ${formatBytes(p.neededBytes)}; free there: ${p.freeBytes != null ? formatBytes(p.freeBytes) : "unknown"}`);
  if (p.warnings.length) out.push("Warnings:", ...p.warnings.map((w) => `  - ${w}`));
  return out;
}
