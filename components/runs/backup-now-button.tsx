"use client";

import { ActionButton } from "@/components/ui/action-button";
import type { ButtonProps } from "@/components/ui/button";
import { triggerRunAction } from "@/lib/actions/trigger-run";

/**
 * "Back up now" (operator+). Hidden for external targets (their runs are reported over the API)
 * and for roles that may not run; a conflict ("already running") is shown beside the button.
 */
export function BackupNowButton({
  targetId,
  targetType,
  canRun,
  label,
  size = "default",
  variant = "default",
}: {
  targetId: number;
  targetType: string;
  canRun: boolean;
  /** "app/target", for the toast. */
  label?: string;
  size?: "default" | "sm";
  variant?: ButtonProps["variant"];
}) {
  if (!canRun || targetType === "external") return null;
  return (
    <ActionButton
      label="Back up now"
      pendingLabel="Starting…"
      size={size}
      variant={variant}
      run={() => triggerRunAction({ targetId })}
      success={(run) => `Backup${label ? ` of ${label}` : ""} queued: run #${run.id}`}
      goTo={(run) => `/runs/${run.id}`}
    />
  );
}
