"use client";

import { ActionButton } from "@/components/ui/action-button";
import { retryRunAction } from "@/lib/actions/run-retry";

const RETRYABLE = ["failed", "interrupted", "partial", "cancelled"];

/** "Retry" on a failed run (shown to operators and admins); goes to the new run. */
export function RetryButton({ runId, status, canRetry }: { runId: number; status: string; canRetry: boolean }) {
  if (!canRetry || !RETRYABLE.includes(status)) return null;
  return (
    <ActionButton
      label="Retry"
      pendingLabel="Retrying…"
      variant="outline"
      size="sm"
      run={() => retryRunAction({ runId })}
      goTo={(run) => `/runs/${run.id}`}
    />
  );
}
