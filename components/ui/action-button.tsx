"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, type ButtonProps } from "./button";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * A button that calls one server action, shows its pending label, shows a refusal beside itself
 * (role, conflict, "already running"), and on success either goes to a page or refreshes.
 */
export function ActionButton<T>({
  label,
  pendingLabel,
  run,
  confirm,
  goTo,
  variant,
  size,
}: {
  label: string;
  pendingLabel: string;
  run: () => Promise<Result<T>>;
  /** A question asked first (window.confirm); no answer, no call. */
  confirm?: string;
  /** Where to go on success; by default the page refreshes. */
  goTo?: (data: T) => string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const onClick = () => {
    if (confirm && !window.confirm(confirm)) return;
    setError(null);
    start(async () => {
      const res = await run();
      if (!res.ok) return setError(res.error);
      if (goTo) router.push(goTo(res.data));
      else router.refresh();
    });
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button type="button" variant={variant} size={size} onClick={onClick} disabled={pending}>
        {pending ? pendingLabel : label}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
