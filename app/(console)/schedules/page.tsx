import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { listSchedules } from "@/lib/services/schedules/list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { SchedulesTable } from "@/components/schedules/schedules-table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const actor = await pageActor();
  const schedules = listSchedules(actor);
  return (
    <>
      <PageHeader
        title="Schedules"
        description="When each target is backed up. The scheduler checks every minute; a target with no success within the grace period after a due time is overdue."
        actions={
          can(actor.role, "manage") ? (
            <Button asChild>
              <Link href="/schedules/new">Add schedule</Link>
            </Button>
          ) : null
        }
      />
      <SchedulesTable
        schedules={schedules}
        rights={{ canToggle: can(actor.role, "schedule.toggle"), canRun: can(actor.role, "run.trigger"), canManage: can(actor.role, "manage") }}
      />
    </>
  );
}
