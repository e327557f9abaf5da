"use client";

import { ActionButton } from "@/components/ui/action-button";
import { triggerRunAction } from "@/lib/actions/trigger-run";

/**
 * "Back up now" (operator+). Hidden for external targets (their runs are reported over the API)
 * and for roles that may not run; a conflict ("already running") is shown beside the button.
 */
export function BackupNowButton({
  targetId,
  targetType,
  canRun,
  size = "default",
}: {
  targetId: number;
  targetType: string;
  canRun: boolean;
  size?: "default" | "sm";
}) {
  if (!canRun || targetType === "external") return null;
  return (
    <ActionButton
      label="Back up now"
      pendingLabel="Starting…"
      size={size}
      run={() => triggerRunAction({ targetId })}
      goTo={(run) => `/runs/${run.id}`}
    />
  );
}
