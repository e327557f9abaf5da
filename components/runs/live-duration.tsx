"use client";

import { useSyncExternalStore } from "react";
import { formatDuration } from "@/lib/ui/units";

function subscribe(onChange: () => void) {
  const t = setInterval(onChange, 1000);
  return () => clearInterval(t);
}
const snapshot = () => Math.floor(Date.now() / 1000) * 1000;

/** Elapsed time since `startedAt` that ticks every second, e.g. "2 min 5 s" (nothing before hydration). */
export function useElapsed(startedAt: string | null | undefined): number | null {
  const now = useSyncExternalStore(subscribe, snapshot, () => null);
  if (!startedAt || now === null) return null;
  return Math.max(0, now - Date.parse(startedAt));
}

/** A run's duration: the recorded one when it ended, a running timer while it goes. */
export function LiveDuration({ startedAt, durationMs, running }: { startedAt: string | null; durationMs: number | null; running: boolean }) {
  const elapsed = useElapsed(running ? startedAt : null);
  if (!running) return <>{formatDuration(durationMs)}</>;
  if (!startedAt) return <span className="text-muted-foreground">waiting to start</span>;
  return (
    <span data-testid="running-timer" suppressHydrationWarning>
      running for {elapsed === null ? "…" : formatDuration(elapsed)}
    </span>
  );
}
