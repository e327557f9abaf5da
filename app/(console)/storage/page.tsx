import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/permissions";
import { getStorageOverview } from "@/lib/services/storage/overview";
import { listOrphans } from "@/lib/services/storage/orphans";
import { PageHeader } from "@/components/shell/page-header";
import { StoragePanel } from "@/components/dashboard/storage-panel";
import { OrphanList } from "@/components/storage/orphan-list";

export const dynamic = "force-dynamic";
export const metadata = { title: "Storage" };

export default async function StoragePage() {
  const actor = await pageActor();
  const storage = getStorageOverview(actor);
  const orphans = listOrphans(actor);
  return (
    <>
      <PageHeader title="Storage" description="Where the backups are, how much they use, when the disk fills up, and files no target owns any more." />
      <div className="grid gap-6">
        <StoragePanel storage={storage} />
        <section aria-labelledby="orphans-h" className="grid gap-2">
          <h2 id="orphans-h" className="text-base font-semibold">
            Not belonging to any target
          </h2>
          <p className="text-sm text-foreground">
            Backup files of deleted targets and apps. They still use the disk and count in the totals above until an admin deletes them.
          </p>
          <OrphanList orphans={orphans} canDelete={can(actor.role, "manage")} />
        </section>
      </div>
    </>
  );
}
