/** Trend series for the charts: one point per run, or one per day once there are too many points. */

/** Past this many runs a chart switches to one point per day (readable with thousands of runs). */
export const PER_RUN_LIMIT = 500;

export interface RunPoint {
  runId: number;
  /** Epoch ms (run start, or queue time). */
  at: number;
  status: string;
  failed: boolean;
  sizeBytes: number | null;
  durationMs: number | null;
}

export interface DayPoint {
  /** YYYY-MM-DD in the console timezone. */
  day: string;
  /** Noon UTC of that date: a numeric x for the time axis. */
  at: number;
  runs: number;
  failed: number;
  avgSizeBytes: number | null;
  maxSizeBytes: number | null;
  avgDurationMs: number | null;
  maxDurationMs: number | null;
}

export type TrendSeries = { mode: "runs"; points: RunPoint[] } | { mode: "daily"; points: DayPoint[] };

export interface DaySuccess {
  day: string;
  at: number;
  success: number;
  unsuccessful: number;
  /** 0..1, null on a day without finished runs. */
  rate: number | null;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `ms` in `timezone`, as YYYY-MM-DD. */
export function dayKey(ms: number, timezone: string): string {
  let f = dayFormats.get(timezone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timezone, f);
  }
  return f.format(ms);
}

export function dayAt(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d, 12);
}

function stats(values: (number | null)[]): { avg: number | null; max: number | null } {
  const v = values.filter((x): x is number => x != null);
  if (v.length === 0) return { avg: null, max: null };
  return { avg: v.reduce((s, x) => s + x, 0) / v.length, max: Math.max(...v) };
}

export function aggregatePerDay(points: RunPoint[], timezone: string): DayPoint[] {
  const byDay = new Map<string, RunPoint[]>();
  for (const p of points) {
    const k = dayKey(p.at, timezone);
    const list = byDay.get(k);
    if (list) list.push(p);
    else byDay.set(k, [p]);
  }
  return [...byDay.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([day, list]) => {
      // Size and duration describe the successful artifacts; a failed run's size would drag the average.
      const ok = list.filter((p) => !p.failed);
      const size = stats(ok.map((p) => p.sizeBytes));
      const dur = stats(ok.map((p) => p.durationMs));
      return {
        day,
        at: dayAt(day),
        runs: list.length,
        failed: list.length - ok.length,
        avgSizeBytes: size.avg,
        maxSizeBytes: size.max,
        avgDurationMs: dur.avg,
        maxDurationMs: dur.max,
      };
    });
}

export function toTrendSeries(points: RunPoint[], timezone: string, limit = PER_RUN_LIMIT): TrendSeries {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  return sorted.length > limit ? { mode: "daily", points: aggregatePerDay(sorted, timezone) } : { mode: "runs", points: sorted };
}

/** Success rate for every day of the range (days without runs included, rate null), oldest first. */
export function successPerDay(points: RunPoint[], timezone: string, days: number, now: Date): DaySuccess[] {
  const out = new Map<string, DaySuccess>();
  for (let i = days - 1; i >= 0; i--) {
    const k = dayKey(now.getTime() - i * 86_400_000, timezone);
    out.set(k, { day: k, at: dayAt(k), success: 0, unsuccessful: 0, rate: null });
  }
  for (const p of points) {
    const d = out.get(dayKey(p.at, timezone));
    if (!d) continue;
    if (p.failed) d.unsuccessful++;
    else d.success++;
  }
  for (const d of out.values()) {
    const n = d.success + d.unsuccessful;
    d.rate = n === 0 ? null : d.success / n;
  }
  return [...out.values()];
}
