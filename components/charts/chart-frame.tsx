import * as React from "react";

/**
 * A titled chart with a text summary: the picture for the eye, the words for everyone else.
 * With `empty`, the picture is replaced by that sentence (too few points to draw honestly).
 */
export function ChartFrame({ title, summary, empty, children }: { title: string; summary: string; empty?: string | null; children: React.ReactNode }) {
  return (
    <figure className="grid min-w-0 gap-1" aria-label={title}>
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-2">
        <span className="text-sm font-medium">{title}</span>
        <span className="text-xs text-muted-foreground">{summary}</span>
      </figcaption>
      {empty ? (
        <div className="flex h-56 items-center justify-center rounded-md border border-dashed px-4 text-center text-sm text-muted-foreground" data-testid="chart-empty">
          {empty}
        </div>
      ) : (
        <div className="h-56 w-full min-w-0">{children}</div>
      )}
    </figure>
  );
}

/** The tooltip box, themed. */
export function ChartTooltipBox({ children }: { children: React.ReactNode }) {
  return <div className="rounded-md border bg-popover px-2 py-1 text-xs text-popover-foreground shadow">{children}</div>;
}
