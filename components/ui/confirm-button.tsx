"use client";

import * as React from "react";
import { useState } from "react";
import { Button, type ButtonProps } from "./button";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * A button that asks first, in a dialog: `question` is its title, `description` says what will
 * happen, `confirmLabel` is the button that does it. Errors from the action stay in the dialog.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  description,
  onConfirm,
  size = "sm",
  variant = "outline",
}: {
  label: string;
  confirmLabel: string;
  question: string;
  description?: React.ReactNode;
  onConfirm: () => Promise<{ ok: boolean; error?: string }>;
  size?: "sm" | "default";
  variant?: ButtonProps["variant"];
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" variant={variant} size={size} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog open={open} onOpenChange={setOpen} text={{ title: question, description: description ?? null, action: confirmLabel }} onConfirm={onConfirm} />
    </>
  );
}
