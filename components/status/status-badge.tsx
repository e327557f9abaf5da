import { Badge } from "@/components/ui/badge";

type Variant = "success" | "danger" | "warning" | "info" | "muted" | "default";

// Status is shown with colour AND a word, never colour alone.
const VARIANTS: Record<string, Variant> = {
  ok: "success",
  success: "success",
  partial: "warning",
  failed: "danger",
  overdue: "danger",
  interrupted: "warning",
  cancelled: "muted",
  running: "info",
  queued: "info",
  never: "muted",
  paused: "muted",
  pruned: "muted",
  deleted: "muted",
  // An artifact being deleted (two phases: marked, then the object goes) or gone on its own.
  pruning: "muted",
  deleting: "muted",
  missing: "warning",
  // Point-in-time recovery: the WAL stream's state, and a finished PITR task.
  streaming: "success",
  starting: "info",
  lagging: "warning",
  stopped: "danger",
  done: "success",
};

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const word = status ?? "never";
  return (
    <Badge variant={VARIANTS[word] ?? "default"} data-status={word}>
      {word}
    </Badge>
  );
}
