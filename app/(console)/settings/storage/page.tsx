import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { listStorageLocations } from "@/lib/services/storage-locations/list";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { LocationList } from "@/components/storage-locations/location-list";
import { RecoveryKitCard } from "@/components/storage-locations/recovery-kit-card";
import { recoveryKitStatus } from "@/lib/services/recovery-kit/status";
import { selfBackupTargetId } from "@/lib/services/self-backup/setup";
import { SelfBackupCard } from "@/components/storage-locations/self-backup-card";
import { ResticPasswordCard } from "@/components/storage-locations/restic-password-card";
import { unshownResticPasswords } from "@/lib/services/restic/repo-password";

export const dynamic = "force-dynamic";
export const metadata = { title: "Storage locations" };

export default async function StorageLocationsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Storage locations" />;
  const { saved } = await searchParams;
  return (
    <>
      <PageHeader
        title="Storage locations"
        description="Where backups are kept: local folders (a NAS mount is one), S3-compatible buckets and SFTP servers. Keep at least one copy offsite."
        actions={
          <Button asChild>
            <Link href="/settings/storage/new">Add location</Link>
          </Button>
        }
      />
      <div className="grid gap-4">
        {saved ? <Alert variant="success">Storage location “{saved}” saved.</Alert> : null}
        <ResticPasswordCard repos={unshownResticPasswords(actor)} />
        <LocationList locations={listStorageLocations(actor)} />
        <RecoveryKitCard {...recoveryKitStatus(actor)} />
        <SelfBackupCard targetId={selfBackupTargetId(actor)} />
      </div>
    </>
  );
}
