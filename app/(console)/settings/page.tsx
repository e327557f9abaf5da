import { pageActor } from "@/lib/auth/page-actor";
import { getSettings } from "@/lib/services/settings/settings";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { GeneralSettingsForm } from "./general-form";

export const dynamic = "force-dynamic";

export default async function GeneralSettingsPage() {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Settings" />;
  const s = getSettings();
  return (
    <>
      <PageHeader title="Settings" description="Console-wide defaults. Changes apply at once, without a restart." />
      <GeneralSettingsForm
        values={{
          defaultTimezone: s.defaultTimezone,
          maxParallelRuns: s.maxParallelRuns,
          retentionSweepTime: s.retentionSweepTime,
          defaultStorageDir: s.defaultStorageDir,
          uploadMaxBytes: s.uploadMaxBytes,
        }}
      />
    </>
  );
}
