import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { LocationForm } from "@/components/storage-locations/location-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add storage location" };

export default async function NewStorageLocationPage() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Add storage location" />;
  return (
    <>
      <PageHeader title="Add storage location" />
      <LocationForm location={null} />
    </>
  );
}
