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

const exactFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
});

const utc = (iso: string) => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/**
 * "3 h ago", with the exact time in the viewer's timezone on hover. With `exact`, the exact time is
 * written out beside it ("2 Dec 2025, 14:05:03 GMT+7 · 3 h ago"): a record needs the moment, not only "just now".
 */
export function RelativeTime({ iso, empty = "—", exact = false }: { iso: string | null | undefined; empty?: string; exact?: boolean }) {
  // The server (and hydration) render the absolute UTC time; the browser then shows its own.
  const now = useSyncExternalStore(subscribeClock, clockSnapshot, () => null);
  if (!iso) return <span className="text-muted-foreground/70">{empty}</span>;
  const full = now === null ? utc(iso) : exactFormat.format(new Date(iso));
  if (exact) {
    return (
      <time dateTime={iso} title={iso} suppressHydrationWarning>
        {full}
        {now === null ? null : <span className="text-muted-foreground"> · {formatAgo(iso, now)}</span>}
      </time>
    );
  }
  return (
    <time dateTime={iso} title={now === null ? iso : full} suppressHydrationWarning>
      {now === null ? utc(iso) : formatAgo(iso, now)}
    </time>
  );
}
