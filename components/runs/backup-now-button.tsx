"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
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
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!canRun || targetType === "external") return null;
  const onClick = () => {
    setError(null);
    start(async () => {
      const res = await triggerRunAction({ targetId });
      if (res.ok) router.push(`/runs/${res.data.id}`);
      else setError(res.error);
    });
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button type="button" size={size} onClick={onClick} disabled={pending}>
        {pending ? "Starting…" : "Back up now"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
