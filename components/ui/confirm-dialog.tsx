"use client";

import * as React from "react";
import { useState, useTransition } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogTitle } from "./alert-dialog";
import { Button } from "./button";

export interface ConfirmText {
  /** The question, e.g. "Delete crm/db?" */
  title: string;
  /** What will happen, in plain words (what is removed, what is kept, what stops). */
  description: React.ReactNode;
  /** The confirming button's words, e.g. "Delete target". */
  action: string;
  destructive?: boolean;
}

/**
 * A controlled confirmation dialog: says what will happen, runs `onConfirm`, keeps itself open
 * with the error when the server refuses, closes on success.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  text,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  text: ConfirmText;
  onConfirm: () => Promise<{ ok: boolean; error?: string }>;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <AlertDialog open={open} onOpenChange={(o) => (setError(null), onOpenChange(o))}>
      <AlertDialogContent>
        <AlertDialogTitle>{text.title}</AlertDialogTitle>
        <AlertDialogDescription asChild>
          <div>{text.description}</div>
        </AlertDialogDescription>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button
            type="button"
            variant={text.destructive === false ? "default" : "destructive"}
            disabled={pending}
            onClick={() =>
              start(async () => {
                setError(null);
                const r = await onConfirm();
                if (r.ok) onOpenChange(false);
                else setError(r.error ?? "Failed");
              })
            }
          >
            {pending ? "Working…" : text.action}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
