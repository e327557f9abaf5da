import { pageActor } from "@/lib/auth/page-actor";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { AppForm } from "@/components/forms/app/form";

export const dynamic = "force-dynamic";
export const metadata = { title: "New app" };

export default async function NewAppPage() {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="New app" />;
  return (
    <>
      <PageHeader title="New app" description="An application whose data Lifeboat backs up." />
      <AppForm />
    </>
  );
}
