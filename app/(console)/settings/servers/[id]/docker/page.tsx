import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { getServer } from "@/lib/services/servers/list";
import { discoverDocker, type DockerDiscoveryDto } from "@/lib/services/servers/docker";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DockerDiscovery } from "@/components/servers/docker-discovery";

export const dynamic = "force-dynamic";
export const metadata = { title: "Docker discovery" };

export default async function DockerDiscoveryPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Docker discovery" />;
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  let name: string;
  try {
    name = getServer(actor, id).name;
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  let found: DockerDiscoveryDto | null = null;
  let error: string | null = null;
  try {
    found = await discoverDocker(actor, id);
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    error = e.message;
  }
  return (
    <>
      <PageHeader
        title={`Docker on ${name}`}
        description="What Docker runs on this server, read with its docker CLI over SSH. Database containers get a dump made inside the container (docker exec); bind-mounted folders get folder targets. Nothing is changed on the server."
        actions={
          <Button asChild variant="outline">
            <Link href={`/settings/servers/${id}/docker`}>Discover again</Link>
          </Button>
        }
      />
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      {found ? <DockerDiscovery found={found} /> : null}
    </>
  );
}
