"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { rotatePingKeyAction } from "@/lib/actions/rotate-ping-key";

export function RotatePingKeyButton({ targetId, hasKey }: { targetId: number; hasKey: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={pending}
        onClick={() => {
          if (hasKey && !window.confirm("Rotate the ping key? Scripts using the current ping URLs stop reporting until you update them.")) return;
          start(async () => {
            const r = await rotatePingKeyAction({ targetId });
            setError(r.ok ? null : r.error);
            if (r.ok) router.refresh();
          });
        }}
      >
        {pending ? "Rotating…" : hasKey ? "Rotate key" : "Create ping key"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </span>
  );
}
