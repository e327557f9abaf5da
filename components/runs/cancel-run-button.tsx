"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { cancelRunAction } from "@/lib/actions/cancel-run";

/** Cancel a queued or running run (operator+; the page decides whether to show it). */
export function CancelRunButton({ runId }: { runId: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const onClick = () => {
    if (!window.confirm(`Cancel run #${runId}? The backup process is stopped and no artifact is kept.`)) return;
    setError(null);
    start(async () => {
      const res = await cancelRunAction({ runId });
      if (res.ok) router.refresh();
      else setError(res.error);
    });
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button type="button" variant="destructive" onClick={onClick} disabled={pending}>
        {pending ? "Cancelling…" : "Cancel run"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
