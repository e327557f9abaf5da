import type { DestinationState as State } from "@/lib/services/restores/shapes";
import { formatBytes } from "@/lib/ui/units";

/** What is at the destination now: what the restore will overwrite. */
export function DestinationState({ state }: { state: State }) {
  if (state.error) return <p className="text-sm text-amber-700 dark:text-amber-400">The destination could not be inspected: {state.error}</p>;
  if (!state.exists) return <p className="text-sm" data-testid="destination-now">It does not exist yet: it will be created.</p>;
  const parts: string[] = [];
  if (state.sizeBytes != null) parts.push(formatBytes(state.sizeBytes));
  if (state.tables) parts.push(`${state.tables.length} table(s)`);
  if (state.fileCount != null) parts.push(`${state.countTruncated ? "at least " : ""}${state.fileCount} file(s)`);
  if (state.keys != null) parts.push(`${state.keys} key(s)`);
  return (
    <div className="grid gap-1 text-sm" data-testid="destination-now">
      <div>
        There now (will be overwritten): <strong>{state.empty ? "nothing (empty)" : parts.join(", ")}</strong>
      </div>
      {state.tables && state.tables.length ? (
        <details>
          <summary className="cursor-pointer text-muted-foreground">Tables there now (estimated rows)</summary>
          <ul className="mt-1 max-h-48 overflow-auto text-xs">
            {state.tables.map((t) => (
              <li key={`${t.schema ?? ""}.${t.name}`}>
                {t.schema ? `${t.schema}.` : ""}
                {t.name}: {t.rows}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
