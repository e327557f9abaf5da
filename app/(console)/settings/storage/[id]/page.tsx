import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { getStorageLocation } from "@/lib/services/storage-locations/list";
import { NotFoundError } from "@/lib/errors";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { LocationForm } from "@/components/storage-locations/location-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit storage location" };

export default async function EditStorageLocationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Edit storage location" />;
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  let location;
  try {
    location = getStorageLocation(actor, id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <>
      <PageHeader title={`Edit ${location.name}`} />
      <LocationForm location={location} />
    </>
  );
}
