"use client";

import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void) {
  const t = setInterval(onChange, 1000);
  return () => clearInterval(t);
}
const snapshot = () => Math.floor(Date.now() / 1000) * 1000;

/** "14 s ago" / "3 min ago", counted every second (the end of a recovery window moves by seconds); exact time on hover. */
export function SecondsAgo({ iso }: { iso: string }) {
  const now = useSyncExternalStore(subscribe, snapshot, () => null);
  const t = new Date(iso);
  if (now === null) return <time dateTime={iso}>{t.toISOString().replace("T", " ").slice(0, 19)} UTC</time>;
  const s = Math.max(0, Math.round((now - t.getTime()) / 1000));
  const text = s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
  return (
    <time dateTime={iso} title={t.toLocaleString()} suppressHydrationWarning>
      {text}
    </time>
  );
}
