import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { getTarget } from "@/lib/services/targets/get";
import { listApps } from "@/lib/services/apps/list";
import { targetTypeCatalog } from "@/lib/services/targets/type-catalog";
import { storageChoices } from "@/lib/services/targets/storage-choices";
import { serverChoices } from "@/lib/services/servers/list";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { TargetForm } from "@/components/forms/target/form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit target" };

export default async function EditTargetPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Edit target" />;
  const id = idParam((await params).id);
  const target = orNotFound(() => getTarget(actor, id));
  const apps = listApps(actor).map((a) => ({ id: a.id, name: a.name }));
  return (
    <>
      <PageHeader title={`Edit ${target.appName}/${target.name}`} />
      <TargetForm locations={storageChoices(actor)} servers={serverChoices(actor)} apps={apps} types={targetTypeCatalog()} target={target} />
    </>
  );
}
