import { pageActor } from "@/lib/auth/page-actor";
import { listTargetChoices } from "@/lib/services/schedules/list";
import { getSettings } from "@/lib/settings/settings";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ScheduleForm } from "@/components/schedules/schedule-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "New schedule" };

export default async function NewSchedulePage({ searchParams }: { searchParams: Promise<{ targetId?: string }> }) {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="New schedule" />;
  const targetId = Number((await searchParams).targetId) || undefined;
  return (
    <>
      <PageHeader title="New schedule" />
      <ScheduleForm targets={listTargetChoices(actor)} defaultTargetId={targetId} defaultTimezone={getSettings().defaultTimezone} />
    </>
  );
}
