"use client";

import { useState } from "react";
import Link from "next/link";
import { MoreHorizontal } from "lucide-react";
import { Button } from "./button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "./dropdown-menu";
import { ConfirmDialog, type ConfirmText } from "./confirm-dialog";

export type MoreItem =
  | { kind: "link"; label: string; href: string }
  | { kind: "action"; label: string; onSelect: () => void }
  | { kind: "confirm"; label: string; confirm: ConfirmText; run: () => Promise<{ ok: boolean; error?: string }> };

/**
 * "⋯" menu for a row or a page: the less frequent actions, and the destructive ones last, each
 * of those behind a dialog that says what will happen.
 */
export function MoreMenu({ label, items, size = "icon-sm" }: { label: string; items: MoreItem[]; size?: "icon" | "icon-sm" }) {
  const [asking, setAsking] = useState<Extract<MoreItem, { kind: "confirm" }> | null>(null);
  if (items.length === 0) return null;
  const plain = items.filter((i) => i.kind !== "confirm");
  const risky = items.filter((i): i is Extract<MoreItem, { kind: "confirm" }> => i.kind === "confirm");
  return (
    <>
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button type="button" variant="ghost" size={size} aria-label={label}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {plain.map((i) =>
            i.kind === "link" ? (
              <DropdownMenuItem key={i.label} asChild>
                <Link href={i.href}>{i.label}</Link>
              </DropdownMenuItem>
            ) : i.kind === "action" ? (
              <DropdownMenuItem key={i.label} onSelect={i.onSelect}>
                {i.label}
              </DropdownMenuItem>
            ) : null,
          )}
          {plain.length && risky.length ? <DropdownMenuSeparator /> : null}
          {risky.map((i) => (
            <DropdownMenuItem key={i.label} destructive={i.confirm.destructive !== false} onSelect={() => setAsking(i)}>
              {i.label}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      {asking ? <ConfirmDialog open onOpenChange={(o) => (o ? null : setAsking(null))} text={asking.confirm} onConfirm={asking.run} /> : null}
    </>
  );
}
