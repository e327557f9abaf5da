"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** A moment as a short date and time in the viewer's timezone ("Dec 2, 03:00"), the ISO time on hover. */
export function LocalTime({ iso }: { iso: string }) {
  // The server (and hydration) render UTC; the browser then renders its own timezone.
  const local = useSyncExternalStore(noop, () => true, () => false);
  const d = new Date(iso);
  const text = local
    ? d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    : d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
