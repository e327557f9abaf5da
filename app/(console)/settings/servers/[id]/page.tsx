import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { getServer } from "@/lib/services/servers/list";
import { NotFoundError } from "@/lib/errors";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ServerForm } from "@/components/servers/server-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit server" };

export default async function EditServerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Edit server" />;
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  let server;
  try {
    server = getServer(actor, id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <>
      <PageHeader title={`Edit ${server.name}`} />
      <ServerForm server={server} />
    </>
  );
}
