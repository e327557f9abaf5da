"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { deleteScheduleAction, runNowAction, toggleScheduleAction } from "@/app/(console)/schedules/actions";

/** Enable/disable and "Run now" (operator+), edit/delete (admin). The actions check roles again. */
export function ScheduleRowActions({
  id,
  targetId,
  enabled,
  label,
  canToggle,
  canRun,
  canManage,
}: {
  id: number;
  targetId: number;
  enabled: boolean;
  label: string;
  canToggle: boolean;
  canRun: boolean;
  canManage: boolean;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const act = (fn: () => Promise<{ ok: boolean; error?: string }>, done?: string) =>
    start(async () => {
      const r = await fn();
      setMessage(r.ok ? (done ?? null) : (r.error ?? "Failed"));
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {canToggle ? (
        <Button size="sm" variant="outline" disabled={pending} aria-label={`${enabled ? "Disable" : "Enable"} schedule ${label}`} onClick={() => act(() => toggleScheduleAction({ id, enabled: !enabled }))}>
          {enabled ? "Disable" : "Enable"}
        </Button>
      ) : null}
      {canRun ? (
        <Button size="sm" variant="outline" disabled={pending} aria-label={`Run now: ${label}`} onClick={() => act(() => runNowAction({ targetId }), "Backup queued")}>
          Run now
        </Button>
      ) : null}
      {canManage ? (
        <>
          <Button size="sm" variant="outline" asChild>
            <Link href={`/schedules/${id}/edit`} aria-label={`Edit schedule ${label}`}>
              Edit
            </Link>
          </Button>
          <Button
            size="sm"
            variant="destructive"
            disabled={pending}
            aria-label={`Delete schedule ${label}`}
            onClick={() => {
              if (confirm(`Delete the schedule "${label}"? Its past runs stay in the history.`)) act(() => deleteScheduleAction({ id }));
            }}
          >
            Delete
          </Button>
        </>
      ) : null}
      {message ? (
        <span role="status" className="text-xs text-slate-600">
          {message}
        </span>
      ) : null}
    </div>
  );
}
