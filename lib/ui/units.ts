/** Human units for sizes, durations and rates (binary sizes: what `du -h` users expect). */
export function formatBytes(n: number | null | undefined): string {
  if (n == null) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/**
 * A limit or a cap in the same binary units, without a needless ".0": "1 MiB", "100 KiB", "1.5 MiB".
 * For the sizes error texts and log lines name (a body limit, a cut log), where formatBytes's fixed
 * decimal would read as a measurement.
 */
export function formatLimit(n: number): string {
  return formatBytes(n).replace(/\.0(?= )/, "");
}

/** A measured size for a log line: the human size with the exact count, "22 KiB (22400 bytes)". */
export function formatBytesExact(n: number | null | undefined): string {
  if (n == null) return "unknown size";
  return n < 1024 ? `${n} B` : `${formatBytes(n)} (${n} bytes)`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function formatRate(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond == null || !Number.isFinite(bytesPerSecond)) return "—";
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}
