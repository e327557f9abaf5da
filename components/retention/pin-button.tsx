"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { pinRunAction } from "@/lib/actions/run-pin";

/** Pin / Unpin a run's artifact (operator+): a pinned artifact is never pruned. */
export function PinButton({ runId, pinned, canPin }: { runId: number; pinned: boolean; canPin: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!canPin) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="outline"
        size="sm"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await pinRunAction({ runId, pinned: !pinned });
            setError(r.ok ? null : r.error);
            router.refresh();
          })
        }
      >
        {pinned ? "Unpin" : "Pin"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
