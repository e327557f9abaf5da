"use client";

import { useEffect, useState } from "react";

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

/** "3 h ago", with the exact time in the viewer's timezone on hover. */
export function RelativeTime({ iso, empty = "—" }: { iso: string | null | undefined; empty?: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!iso) return <span className="text-slate-400">{empty}</span>;
  const exact = new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={now === null ? iso : exact} suppressHydrationWarning>
      {now === null ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : formatAgo(iso, now)}
    </time>
  );
}
