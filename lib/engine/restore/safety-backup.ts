import type { Actor } from "../../audit/actor";
import { getSettings } from "../../settings/settings";
import { insertEngineBackup } from "../runs/enqueue";
import { now } from "../clock";
import { waitForRun } from "../runs/wait";

export interface SafetyResult {
  runId: number;
  ok: boolean;
  status: string;
  error: string | null;
}

/**
 * A normal backup of the destination as it is now (trigger "safety", linked to the restore,
 * pinned for getSettings().safetyPinDays days so retention keeps it), waited for. Its audit row
 * names whoever asked for the restore (`requestedBy`: the service checked their rights).
 */
export async function takeSafetyBackup(
  requestedBy: Actor,
  targetId: number,
  /** The restores row it protects; null for a point-in-time restore (a tasks row that names the run: pitr/restore-task.ts). */
  restoreId: number | null,
  kick: () => void,
  onQueued: (runId: number) => void,
): Promise<SafetyResult> {
  const days = getSettings().safetyPinDays;
  const pinUntil = new Date(now().getTime() + days * 86_400_000);
  const queued = insertEngineBackup(requestedBy, {
    targetId,
    trigger: "safety",
    restoreId,
    pinUntil,
    userId: requestedBy.type === "user" ? requestedBy.id : null,
    tokenId: requestedBy.type === "token" ? requestedBy.id : null,
  });
  onQueued(queued.id);
  // It runs beside the restore, in the restore's slot (the restore holds the target and waits).
  kick();
  // As long as the target's own timeout allows (default 2 h), plus queueing time.
  const done = await waitForRun(queued.id, 24 * 3600_000);
  const status = done.status;
  const error = done.errorSummary;
  // "partial" means files changed while read: for a safety copy that is still a usable state.
  return { runId: queued.id, ok: status === "success" || status === "partial", status, error };
}
