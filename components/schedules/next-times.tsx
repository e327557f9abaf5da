"use client";

/** The next run times in the viewer's own timezone (the browser's). */
export function NextTimes({ times }: { times: string[] }) {
  const viewerTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const fmt = new Intl.DateTimeFormat(undefined, { weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  if (times.length === 0) return <p className="text-sm text-muted-foreground">No upcoming runs.</p>;
  return (
    <div className="grid gap-1">
      <p className="text-xs text-muted-foreground">Next {times.length} runs, in your timezone ({viewerTz}):</p>
      <ol aria-label="Next run times" className="list-decimal pl-5 text-sm">
        {times.map((t) => (
          <li key={t}>
            <time dateTime={t} suppressHydrationWarning>
              {fmt.format(new Date(t))}
            </time>
          </li>
        ))}
      </ol>
    </div>
  );
}
