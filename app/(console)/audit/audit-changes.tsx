import type { DiffEntry } from "@/lib/services/audit/diff";

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + "…" : s;
}

/** Before → after per changed field; long lists fold away. */
export function AuditChanges({ changes }: { changes: DiffEntry[] }) {
  if (changes.length === 0) return <span className="text-muted-foreground/70">—</span>;
  const list = (
    <ul className="grid gap-0.5 text-xs">
      {changes.map((c) => (
        <li key={c.path}>
          <span className="font-medium">{c.path}</span>:{" "}
          {c.before === null ? null : (
            <>
              <del className="text-destructive">{show(c.before)}</del>
              {c.after === null ? null : " → "}
            </>
          )}
          {c.after === null ? null : <ins className="text-green-700 no-underline dark:text-green-400">{show(c.after)}</ins>}
        </li>
      ))}
    </ul>
  );
  if (changes.length <= 4) return list;
  return (
    <details>
      <summary className="cursor-pointer text-xs">{changes.length} fields changed</summary>
      {list}
    </details>
  );
}
