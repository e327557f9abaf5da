"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { retryRunAction } from "@/lib/actions/run-retry";

const RETRYABLE = ["failed", "interrupted", "partial", "cancelled"];

/** "Retry" on a failed run (shown to operators and admins); goes to the new run. */
export function RetryButton({ runId, status, canRetry }: { runId: number; status: string; canRetry: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!canRetry || !RETRYABLE.includes(status)) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await retryRunAction({ runId });
            if (!r.ok) return setError(r.error);
            router.push(`/runs/${r.data.id}`);
          })
        }
      >
        {pending ? "Retrying…" : "Retry"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
