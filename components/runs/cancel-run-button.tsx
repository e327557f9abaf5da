"use client";

import { ActionButton } from "@/components/ui/action-button";
import { cancelRunAction } from "@/lib/actions/cancel-run";

/** Cancel a queued or running run (operator+; the page decides whether to show it). */
export function CancelRunButton({ runId }: { runId: number }) {
  return (
    <ActionButton
      label="Cancel run"
      pendingLabel="Cancelling…"
      variant="destructive"
      confirm={`Cancel run #${runId}? The backup process is stopped and no artifact is kept.`}
      run={() => cancelRunAction({ runId })}
    />
  );
}
