/** Print rows as left-aligned columns (the first row is the header). */
export function printTable(rows: string[][], out: (line: string) => void): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) out(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd());
}

/** An ISO time as "2024-05-01 10:05Z", or "—". */
export const when = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 16) + "Z" : "—");
