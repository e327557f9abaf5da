import * as React from "react";

/** A titled chart with a text summary: the picture for the eye, the words for everyone else. */
export function ChartFrame({ title, summary, children }: { title: string; summary: string; children: React.ReactNode }) {
  return (
    <figure className="grid gap-1" aria-label={title}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-medium">{title}</span>
        <span className="text-xs text-slate-500">{summary}</span>
      </figcaption>
      <div className="h-56 w-full">{children}</div>
    </figure>
  );
}
