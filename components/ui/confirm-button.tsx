"use client";

import { useState, useTransition } from "react";
import { Button } from "./button";

/**
 * A destructive button that asks once more before acting: the first click shows what will
 * happen and a "Yes, …" button. Errors from the action are shown beside it.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  size = "sm",
}: {
  label: string;
  confirmLabel: string;
  question: string;
  onConfirm: () => Promise<{ ok: boolean; error?: string }>;
  size?: "sm" | "default";
}) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!asking) {
    return (
      <Button type="button" variant="outline" size={size} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-2 py-1 text-sm">
      <span>{question}</span>
      <Button
        type="button"
        variant="destructive"
        size={size}
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await onConfirm();
            if (!r.ok) setError(r.error ?? "Failed");
          })
        }
      >
        {pending ? "Working…" : confirmLabel}
      </Button>
      <Button type="button" variant="ghost" size={size} onClick={() => (setAsking(false), setError(null))}>
        Cancel
      </Button>
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
