"use client";

import Link from "next/link";
import { useId, useState, useTransition } from "react";
import type { DeletionImpact } from "@/lib/services/targets/deletion-impact";
import { formatBytes } from "@/lib/ui/units";
import { Button } from "./button";
import { Alert } from "./alert";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogTitle, AlertDialogTrigger } from "./alert-dialog";

/**
 * Deleting a target or an app: says what goes (schedules, run history), asks whether the backup
 * files go too (a checkbox, off by default: kept files are listed on Storage), and names the run or
 * restore that blocks the deletion while one is in progress (the server refuses it with 409 too).
 */
export function DeleteDialog({
  noun,
  label,
  what,
  impact,
  onDelete,
  open,
  onOpenChange,
}: {
  /** "target" or "app". */
  noun: string;
  /** e.g. "shop/db". */
  label: string;
  /** What else goes, e.g. "its schedules and run history". */
  what: string;
  impact: DeletionImpact;
  onDelete: (deleteArtifacts: boolean) => Promise<{ ok: boolean; error?: string }>;
  /** Controlled from outside (the page's ⋯ menu); without it the dialog brings its own Delete button. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [deleteArtifacts, setDeleteArtifacts] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const boxId = useId();
  const blocked = impact.blockers.length > 0;
  const files = `${impact.artifacts} backup file${impact.artifacts === 1 ? "" : "s"} (${formatBytes(impact.bytes)})`;
  return (
    <AlertDialog open={open} onOpenChange={(o) => (setError(null), onOpenChange?.(o))}>
      {open === undefined ? (
        <AlertDialogTrigger asChild>
          <Button type="button" variant="outline">
            Delete
          </Button>
        </AlertDialogTrigger>
      ) : null}
      <AlertDialogContent aria-label={`Delete ${label}`}>
        <AlertDialogTitle>
          Delete {noun} {label}?
        </AlertDialogTitle>
        <AlertDialogDescription>
          This deletes {label} with {what}. It cannot be undone.
        </AlertDialogDescription>
        {blocked ? (
          <Alert variant="warning" data-testid="delete-blockers">
            It cannot be deleted now:{" "}
            {impact.blockers.map((b, i) => (
              <span key={`${b.kind}-${b.id}`}>
                {i > 0 ? ", " : null}
                <Link className="font-medium underline" href={`/${b.kind === "run" ? "runs" : "restores"}/${b.id}`}>
                  {b.kind} #{b.id}
                </Link>{" "}
                is {b.status}
              </span>
            ))}
            . Cancel {impact.blockers.length === 1 ? "it" : "them"} or wait until {impact.blockers.length === 1 ? "it ends" : "they end"}.
          </Alert>
        ) : null}
        {impact.artifacts > 0 ? (
          <div className="grid gap-1 text-sm">
            <label htmlFor={boxId} className="flex items-center gap-2">
              <input id={boxId} type="checkbox" checked={deleteArtifacts} onChange={(e) => setDeleteArtifacts(e.target.checked)} />
              Also delete its {files}
            </label>
            <p className="text-xs text-muted-foreground">
              {deleteArtifacts
                ? "The files are deleted from the storage folder."
                : "The files stay on disk and are listed under Storage as not belonging to any target, where an admin can delete them later."}
              {impact.snapshots > 0
                ? ` ${impact.snapshots} of them ${impact.snapshots === 1 ? "is a restic snapshot" : "are restic snapshots"}: deleting one forgets it in its repository, and the weekly prune frees the space.`
                : null}
            </p>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">It has no backup files on disk.</p>
        )}
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <AlertDialogCancel asChild>
            <Button type="button" variant="ghost">
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button
            type="button"
            variant="destructive"
            disabled={pending || blocked}
            onClick={() =>
              start(async () => {
                const r = await onDelete(deleteArtifacts);
                if (!r.ok) setError(r.error ?? "Failed");
              })
            }
          >
            {pending ? "Deleting…" : `Delete ${noun}`}
          </Button>
        </div>
      </AlertDialogContent>
    </AlertDialog>
  );
}
