import Link from "next/link";
import type { ScheduleDto } from "@/lib/services/schedules/dto";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { StatusBadge } from "@/components/status/status-badge";
import { RelativeTime } from "@/components/status/relative-time";
import { TargetStatusCell } from "@/components/status/target-status-cell";
import { ScheduleRowActions } from "./schedule-row-actions";

export interface ScheduleRights {
  canToggle: boolean;
  canRun: boolean;
  canManage: boolean;
}

/** Schedules with their target, rule in words, next run, last run and result. */
export function SchedulesTable({ schedules, rights, showTarget = true }: { schedules: ScheduleDto[]; rights: ScheduleRights; showTarget?: boolean }) {
  if (schedules.length === 0) return <p className="rounded-lg border border-dashed p-4 text-sm text-muted-foreground">No schedules yet.</p>;
  return (
    <Table aria-label="Schedules">
      <TableHeader>
        <TableRow>
          {showTarget ? <TableHead>Target</TableHead> : null}
          <TableHead>Rule</TableHead>
          <TableHead className="hidden md:table-cell">Next run</TableHead>
          <TableHead className="hidden lg:table-cell">Last run</TableHead>
          <TableHead>Target status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {schedules.map((s) => {
          const label = `${s.appName}/${s.targetName} ${s.description}`;
          return (
            <TableRow key={s.id} data-testid={`schedule-${s.id}`}>
              {showTarget ? (
                <TableCell>
                  <Link className="font-medium underline-offset-2 hover:underline" href={`/targets/${s.targetId}`}>
                    {s.appName} / {s.targetName}
                  </Link>
                </TableCell>
              ) : null}
              <TableCell>
                <div>{s.description}</div>
                <div className="mt-0.5 flex flex-wrap gap-1">
                  {!s.enabled ? <Badge variant="muted">disabled</Badge> : null}
                  {s.purpose === "test_restore" ? <Badge variant="info">test restore</Badge> : null}
                  {s.kind !== "manual" ? <span className="text-xs text-muted-foreground">grace {s.graceMinutes} min</span> : null}
                  {s.retryMax > 0 ? <span className="text-xs text-muted-foreground">· {s.retryMax} retries</span> : null}
                </div>
              </TableCell>
              <TableCell className="hidden md:table-cell">
                {s.enabled && s.targetEnabled ? <RelativeTime iso={s.nextRunAt} /> : <span className="text-muted-foreground/70">paused</span>}
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                {s.lastRun ? (
                  <span className="inline-flex items-center gap-1.5">
                    <StatusBadge status={s.lastRun.status} />
                    <Link href={`/${s.lastRun.kind === "restore" ? "restores" : "runs"}/${s.lastRun.id}`} className="text-xs underline-offset-2 hover:underline">
                      <RelativeTime iso={s.lastRun.at} />
                    </Link>
                  </span>
                ) : (
                  <span className="text-muted-foreground/70">never</span>
                )}
              </TableCell>
              <TableCell>
                <TargetStatusCell status={s.targetStatus} overdueSince={s.overdueSince} expectedAt={s.expectedAt} />
              </TableCell>
              <TableCell>
                <ScheduleRowActions
                  id={s.id}
                  targetId={s.targetId}
                  enabled={s.enabled}
                  label={label}
                  canToggle={rights.canToggle}
                  canRun={rights.canRun && s.targetEnabled && s.targetType !== "external"}
                  canManage={rights.canManage}
                />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
