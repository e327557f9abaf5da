"use client";

import { useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteScheduleAction, runNowAction, toggleScheduleAction } from "@/app/(console)/schedules/actions";

/**
 * "Run now" and enable/disable (operator+), edit and delete (admin; delete in the ⋯ menu, behind
 * a dialog). The actions check roles again. An external target has no "Run now": its own script runs.
 */
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
  const act = (fn: () => Promise<{ ok: boolean; error?: string }>, done: string) =>
    start(async () => {
      const r = await fn();
      if (r.ok) toast.success(done);
      else toast.error(r.error ?? "Failed");
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center justify-end gap-1.5">
      {canRun ? (
        <Button size="sm" variant="outline" disabled={pending} aria-label={`Run now: ${label}`} onClick={() => act(() => runNowAction({ targetId }), `Backup queued: ${label}`)}>
          Run now
        </Button>
      ) : null}
      {canToggle ? (
        <Button
          size="sm"
          variant="ghost"
          disabled={pending}
          aria-label={`${enabled ? "Disable" : "Enable"} schedule ${label}`}
          onClick={() => act(() => toggleScheduleAction({ id, enabled: !enabled }), `Schedule ${enabled ? "disabled" : "enabled"}: ${label}`)}
        >
          {enabled ? "Disable" : "Enable"}
        </Button>
      ) : null}
      {canManage ? (
        <>
          <Button size="sm" variant="ghost" asChild>
            <Link href={`/schedules/${id}/edit`} aria-label={`Edit schedule ${label}`}>
              Edit
            </Link>
          </Button>
          <MoreMenu
            label={`More actions for schedule ${label}`}
            items={[
              {
                kind: "confirm",
                label: "Delete schedule…",
                confirm: {
                  title: "Delete this schedule?",
                  description: `${label}: no more backups at these times. Its past runs stay in the history, and other schedules of the target keep running.`,
                  action: "Delete schedule",
                },
                run: async () => {
                  const r = await deleteScheduleAction({ id });
                  if (r.ok) {
                    toast.success(`Schedule deleted: ${label}`);
                    router.refresh();
                  }
                  return r;
                },
              },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
