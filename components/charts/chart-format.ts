import { formatBytes, formatDuration } from "@/lib/ui/units";

/** Tooltip labels and value ticks shared by the charts (viewer's locale and timezone). */
export const timeLabel = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
export const bytesTick = (n: number) => formatBytes(Math.round(n));
export const durationTick = (n: number) => formatDuration(n);
export const percentTick = (n: number) => `${Math.round(n)} %`;

/** CSS variables (globals.css): each theme gives them colours readable on its background. */
export const COLORS = {
  line: "var(--chart-line)",
  max: "var(--chart-max)",
  failed: "var(--chart-failed)",
  success: "var(--chart-success)",
  area: "var(--chart-area)",
  grid: "var(--chart-grid)",
  axis: "var(--chart-axis)",
};

/** Axis props shared by every chart: theme colours, small type, no crowded ticks. */
export const AXIS = { fontSize: 11, tick: { fill: COLORS.axis }, stroke: COLORS.grid, tickLine: false, minTickGap: 24 } as const;

/** "1 run", "3 runs". */
export const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
