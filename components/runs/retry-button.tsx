"use client";

import { ActionButton } from "@/components/ui/action-button";
import { retryRunAction } from "@/lib/actions/run-retry";

const RETRYABLE = ["failed", "interrupted", "partial", "cancelled"];

/**
 * "Retry" on a failed run (operators and admins); goes to the new run. Not for external targets:
 * their runs are reported by their own scripts, Lifeboat cannot run them again.
 */
export function RetryButton({ runId, status, targetType, canRetry }: { runId: number; status: string; targetType: string; canRetry: boolean }) {
  if (!canRetry || !RETRYABLE.includes(status) || targetType === "external") return null;
  return (
    <ActionButton
      label="Retry"
      pendingLabel="Retrying…"
      variant="outline"
      run={() => retryRunAction({ runId })}
      success={(run) => `Retry queued: run #${run.id}`}
      goTo={(run) => `/runs/${run.id}`}
    />
  );
}
