import { headers } from "next/headers";
import { pageActor } from "@/lib/auth/page-actor";
import { getSettings } from "@/lib/settings/settings";
import { publicUrlMismatch } from "@/lib/http/public-url";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { GeneralSettingsForm } from "./general-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function GeneralSettingsPage() {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Settings" />;
  const s = getSettings();
  const mismatch = publicUrlMismatch(await headers());
  return (
    <>
      <PageHeader title="Settings" description="Console-wide defaults. Changes apply at once, without a restart." />
      {mismatch ? (
        <Alert variant="warning" className="mb-4 max-w-2xl" data-testid="public-url-warning">
          Links in notifications point to <code className="break-all">{mismatch.linkBase}</code>
          {mismatch.configured ? " (LIFEBOAT_PUBLIC_URL)" : " (LIFEBOAT_PUBLIC_URL is not set)"}, but you are using the console at{" "}
          <code className="break-all">{mismatch.seen}</code>. Set <code>LIFEBOAT_PUBLIC_URL={mismatch.seen}</code> (or the address your team
          uses) and restart, so that links in alerts open this console.{mismatch.configured ? null : " “Send test” already links to the address you are on."}
        </Alert>
      ) : null}
      <GeneralSettingsForm
        values={{
          defaultTimezone: s.defaultTimezone,
          maxParallelRuns: s.maxParallelRuns,
          retentionSweepTime: s.retentionSweepTime,
          defaultStorageDir: s.defaultStorageDir,
          uploadMaxBytes: s.uploadMaxBytes,
          scrubSample: s.scrubSample,
        }}
      />
    </>
  );
}
