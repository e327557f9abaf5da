/** Timing helpers shared by bench parts. */

export interface Timing {
  name: string;
  median: number;
  p95: number;
  note: string;
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/** Time `fn` `times` times after `warm` untimed calls; `note` describes the last result. */
export function measure<T>(name: string, fn: () => T, note: (out: T) => string, times = 50, warm = 3): Timing {
  let out!: T;
  for (let i = 0; i < warm; i++) out = fn();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    out = fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { name, median: quantile(ms, 0.5), p95: quantile(ms, 0.95), note: note(out) };
}

export function printTable(title: string, rows: Timing[], budgetMs: number): boolean {
  const w = Math.max(...rows.map((r) => r.name.length), 10);
  const line = (a: string, b: string, c: string, d: string, e: string) =>
    `${a.padEnd(w)}  ${b.padStart(9)}  ${c.padStart(9)}  ${d.padEnd(6)}  ${e}`;
  console.log(`\n${title}`);
  console.log(line("query", "median ms", "p95 ms", "< " + budgetMs, "result"));
  console.log("-".repeat(w + 50));
  let ok = true;
  for (const r of rows) {
    const pass = r.p95 < budgetMs;
    ok &&= pass;
    console.log(line(r.name, r.median.toFixed(1), r.p95.toFixed(1), pass ? "ok" : "SLOW", r.note));
  }
  return ok;
}
