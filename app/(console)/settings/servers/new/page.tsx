import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ServerForm } from "@/components/servers/server-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add server" };

export default async function NewServerPage() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Add server" />;
  return (
    <>
      <PageHeader title="Add server" description="Lifeboat signs in over SSH with a key or a password; the dump tools must already be on the server." />
      <ServerForm server={null} />
    </>
  );
}
