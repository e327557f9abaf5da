"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { revokeTokenAction } from "./actions";

export function RevokeButton({ id, name }: { id: number; name: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="destructive"
        disabled={pending}
        aria-label={`Revoke token ${name}`}
        onClick={() => {
          if (!window.confirm(`Revoke the token “${name}”? Scripts using it stop working at once.`)) return;
          start(async () => {
            const r = await revokeTokenAction(id);
            setError(r.ok ? null : r.error);
          });
        }}
      >
        {pending ? "Revoking…" : "Revoke"}
      </Button>
      {error ? <span role="alert" className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
