"use client";

import { useSyncExternalStore } from "react";

export function formatAgo(iso: string, now: number): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
  ];
  for (const [ms, unit] of units) {
    if (abs >= ms) {
      const n = Math.round(abs / ms);
      return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return diff < 0 ? "just now" : "in <1 min";
}

const TICK_MS = 30_000;
function subscribeClock(onChange: () => void) {
  const t = setInterval(onChange, TICK_MS);
  return () => clearInterval(t);
}
// Rounded up, so that what happened a moment ago never shows as "in <1 min".
const clockSnapshot = () => Math.ceil(Date.now() / TICK_MS) * TICK_MS;

/** "3 h ago", with the exact time in the viewer's timezone on hover. */
export function RelativeTime({ iso, empty = "—" }: { iso: string | null | undefined; empty?: string }) {
  // The server (and hydration) render the absolute UTC time; the browser then shows "3 h ago".
  const now = useSyncExternalStore(subscribeClock, clockSnapshot, () => null);
  if (!iso) return <span className="text-slate-400">{empty}</span>;
  const exact = new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={now === null ? iso : exact} suppressHydrationWarning>
      {now === null ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : formatAgo(iso, now)}
    </time>
  );
}
