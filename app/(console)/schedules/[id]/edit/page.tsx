import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { getSchedule, listTargetChoices } from "@/lib/services/schedules/list";
import { getSettings } from "@/lib/settings/settings";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ScheduleForm } from "@/components/schedules/schedule-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit schedule" };

export default async function EditSchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Edit schedule" />;
  const id = idParam((await params).id);
  const schedule = orNotFound(() => getSchedule(actor, id));
  return (
    <>
      <PageHeader title={`Edit schedule: ${schedule.appName} / ${schedule.targetName}`} />
      <ScheduleForm targets={listTargetChoices(actor)} schedule={schedule} defaultTimezone={getSettings().defaultTimezone} />
    </>
  );
}
