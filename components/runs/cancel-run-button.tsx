"use client";

import { ActionButton } from "@/components/ui/action-button";
import { cancelRunAction } from "@/lib/actions/cancel-run";

/** Cancel a queued or running run (operator+; the page decides whether to show it). */
export function CancelRunButton({ runId }: { runId: number }) {
  return (
    <ActionButton
      label="Cancel run"
      pendingLabel="Cancelling…"
      variant="outline"
      confirm={{
        title: `Cancel run #${runId}?`,
        description: "The backup process and everything it started are stopped. No artifact is kept from this run; earlier backups are not touched.",
        action: "Stop the run",
      }}
      success={() => `Run #${runId} cancelled`}
      run={() => cancelRunAction({ runId })}
    />
  );
}
