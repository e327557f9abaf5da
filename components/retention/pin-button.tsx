"use client";

import { ActionButton } from "@/components/ui/action-button";
import { pinRunAction } from "@/lib/actions/run-pin";

/** Pin / Unpin a run's artifact (operator+): a pinned artifact is never pruned. */
export function PinButton({ runId, pinned, canPin }: { runId: number; pinned: boolean; canPin: boolean }) {
  if (!canPin) return null;
  return (
    <ActionButton
      label={pinned ? "Unpin" : "Pin"}
      pendingLabel={pinned ? "Unpinning…" : "Pinning…"}
      variant="outline"
      size="sm"
      success={() => (pinned ? `Run #${runId} unpinned: retention may delete it again` : `Run #${runId} pinned: retention keeps it`)}
      run={() => pinRunAction({ runId, pinned: !pinned })}
    />
  );
}
