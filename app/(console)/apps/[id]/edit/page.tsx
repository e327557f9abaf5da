import { idParam, orNotFound, pageActor } from "@/lib/auth/page-actor";
import { getApp } from "@/lib/services/apps/get";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { AppForm } from "@/components/forms/app/form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit app" };

export default async function EditAppPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Edit app" />;
  const id = idParam((await params).id);
  const app = orNotFound(() => getApp(actor, id));
  return (
    <>
      <PageHeader title={`Edit ${app.name}`} />
      <AppForm app={app} />
    </>
  );
}
