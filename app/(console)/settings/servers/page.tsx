import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { listServers } from "@/lib/services/servers/list";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ServerList } from "@/components/servers/server-list";

export const dynamic = "force-dynamic";
export const metadata = { title: "Servers" };

export default async function ServersPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Servers" />;
  const { saved } = await searchParams;
  return (
    <>
      <PageHeader
        title="Servers"
        description="The machines Lifeboat backs up over SSH, with nothing to install there: folder, PostgreSQL and script targets run their tools on their server. Local is this machine."
        actions={
          <Button asChild>
            <Link href="/settings/servers/new">Add server</Link>
          </Button>
        }
      />
      <div className="grid gap-4">
        {saved ? <Alert variant="success">Server “{saved}” saved.</Alert> : null}
        <ServerList servers={await listServers(actor)} />
      </div>
    </>
  );
}
