import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listSchedules } from "@/lib/services/schedules/list";
import { Button } from "@/components/ui/button";
import { SchedulesTable } from "./schedules-table";

/** The schedules of one target, with "Add schedule" for admins (for /targets/[id]). */
export async function TargetSchedules({ targetId }: { targetId: number }) {
  const actor = await currentActor();
  if (!actor) return null;
  const schedules = listSchedules(actor, { targetId });
  return (
    <section aria-labelledby="target-schedules" className="grid gap-2">
      <div className="flex items-center justify-between">
        <h2 id="target-schedules" className="text-base font-semibold">
          Schedules
        </h2>
        {can(actor.role, "manage") ? (
          <Button size="sm" asChild>
            <Link href={`/schedules/new?targetId=${targetId}`}>Add schedule</Link>
          </Button>
        ) : null}
      </div>
      <SchedulesTable
        schedules={schedules}
        showTarget={false}
        rights={{ canToggle: can(actor.role, "schedule.toggle"), canRun: can(actor.role, "run.trigger"), canManage: can(actor.role, "manage") }}
      />
    </section>
  );
}
