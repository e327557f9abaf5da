"use client";

import { ActionButton } from "@/components/ui/action-button";
import { cancelRestoreAction } from "@/app/(console)/restores/actions";

/** Cancel a queued or running restore (operator+; the page decides whether to show it). */
export function CancelRestoreButton({ restoreId, test }: { restoreId: number; test: boolean }) {
  const what = test ? `test restore #${restoreId}` : `restore #${restoreId}`;
  const consequence = test
    ? "The scratch copy is removed; the run keeps its last verification."
    : "Its tools are stopped. A PostgreSQL restore is rolled back; other kinds may be left partly restored (the safety backup holds the state before).";
  return (
    <ActionButton
      label={test ? "Cancel test restore" : "Cancel restore"}
      pendingLabel="Cancelling…"
      variant="outline"
      confirm={{ title: `Cancel ${what}?`, description: consequence, action: test ? "Stop the test restore" : "Stop the restore" }}
      success={() => `${what.charAt(0).toUpperCase()}${what.slice(1)} cancelled`}
      run={() => cancelRestoreAction({ restoreId })}
    />
  );
}
