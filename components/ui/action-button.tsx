"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button, type ButtonProps } from "./button";
import { ConfirmDialog, type ConfirmText } from "./confirm-dialog";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * A button that calls one server action: shows its pending label, asks first when `confirm` is
 * given (a dialog saying what will happen), toasts the outcome, and on success goes to a page or
 * refreshes. A refusal (role, conflict, "already running") also stays beside the button.
 */
export function ActionButton<T>({
  label,
  pendingLabel,
  run,
  confirm,
  goTo,
  success,
  variant,
  size,
  ariaLabel,
}: {
  label: string;
  pendingLabel: string;
  run: () => Promise<Result<T>>;
  confirm?: ConfirmText;
  /** Where to go on success; by default the page refreshes. */
  goTo?: (data: T) => string;
  /** The toast on success. */
  success?: (data: T) => string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
  ariaLabel?: string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);

  const call = async (): Promise<{ ok: boolean; error?: string }> => {
    setError(null);
    const res = await run();
    if (!res.ok) {
      setError(res.error);
      toast.error(res.error);
      return res;
    }
    if (success) toast.success(success(res.data));
    if (goTo) router.push(goTo(res.data));
    else router.refresh();
    return { ok: true };
  };

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        type="button"
        variant={variant}
        size={size}
        aria-label={ariaLabel}
        onClick={() => (confirm ? setAsking(true) : start(async () => void (await call())))}
        disabled={pending}
      >
        {pending ? pendingLabel : label}
      </Button>
      {error ? (
        <span role="alert" className="max-w-64 text-xs text-destructive">
          {error}
        </span>
      ) : null}
      {confirm ? <ConfirmDialog open={asking} onOpenChange={setAsking} text={confirm} onConfirm={call} /> : null}
    </span>
  );
}
