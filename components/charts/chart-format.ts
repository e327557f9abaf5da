import { formatBytes, formatDuration } from "@/lib/ui/units";

/** Axis and tooltip labels shared by the charts (viewer's locale and timezone). */
export const dayTick = (ms: number) => new Date(ms).toLocaleDateString(undefined, { month: "short", day: "numeric" });
export const timeLabel = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
export const bytesTick = (n: number) => formatBytes(Math.round(n));
export const durationTick = (n: number) => formatDuration(n);
export const percentTick = (n: number) => `${Math.round(n)} %`;

export const COLORS = { line: "#2563eb", max: "#93c5fd", failed: "#dc2626", success: "#16a34a", area: "#0ea5e9" };

/** "1 run", "3 runs". */
export const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
