/**
 * Time-axis labels chosen from the span the axis covers: runs minutes apart read "14:05", not
 * "Dec 2" five times; a quarter reads "Dec 2"; more than ten months reads "Dec 2025".
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type TickScale = "time" | "weekday-time" | "day" | "month";

export function tickScale(spanMs: number): TickScale {
  if (spanMs <= 26 * HOUR) return "time";
  if (spanMs <= 6 * DAY) return "weekday-time";
  if (spanMs <= 300 * DAY) return "day";
  return "month";
}

const OPTIONS: Record<TickScale, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  "weekday-time": { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  day: { month: "short", day: "numeric" },
  month: { month: "short", year: "numeric" },
};

/** A tick formatter for an axis from `min` to `max` (epoch ms), in the viewer's locale unless one is given. */
export function timeTickFormatter(min: number, max: number, opts: { locale?: string; timeZone?: string } = {}): (ms: number) => string {
  const f = new Intl.DateTimeFormat(opts.locale, { ...OPTIONS[tickScale(Math.max(0, max - min))], timeZone: opts.timeZone });
  return (ms) => f.format(ms);
}

/** The x span of a series, [min, max] of its `at`; [0, 0] when empty. */
export function spanOf(points: { at: number }[]): [number, number] {
  if (points.length === 0) return [0, 0];
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p.at < min) min = p.at;
    if (p.at > max) max = p.at;
  }
  return [min, max];
}

/** A line needs two points: one point alone draws a dot on a meaningless axis. */
export const MIN_POINTS = 2;
