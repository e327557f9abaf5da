import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { listApps } from "@/lib/services/apps/list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Apps" };

export default async function AppsPage() {
  const actor = await pageActor();
  const apps = listApps(actor);
  const isAdmin = actor.role === "admin";
  return (
    <>
      <PageHeader
        title="Apps"
        description="The team's applications; each has one or more targets (its databases and folders)."
        actions={
          isAdmin ? (
            <Button asChild>
              <Link href="/apps/new">New app</Link>
            </Button>
          ) : null
        }
      />
      <Table>
        <caption className="sr-only">Apps</caption>
        <TableHeader>
          <TableRow>
            <TableHead>App</TableHead>
            <TableHead className="hidden sm:table-cell">Description</TableHead>
            <TableHead>Targets</TableHead>
            {isAdmin ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {apps.length === 0 ? (
            <TableRow>
              <TableCell colSpan={4} className="h-20 text-center text-muted-foreground">
                No apps yet.{isAdmin ? " Create one, then add its targets." : ""}
              </TableCell>
            </TableRow>
          ) : (
            apps.map((a) => (
              <TableRow key={a.id}>
                <TableCell>
                  <Link href={`/apps/${a.id}`} className="font-medium hover:underline">
                    {a.name}
                  </Link>
                </TableCell>
                <TableCell className="hidden text-muted-foreground sm:table-cell">{a.description}</TableCell>
                <TableCell className="tabular-nums">{a.targetCount}</TableCell>
                {isAdmin ? (
                  <TableCell className="text-right">
                    <Button asChild variant="ghost" size="sm">
                      <Link href={`/apps/${a.id}/edit`}>
                        Edit<span className="sr-only"> {a.name}</span>
                      </Link>
                    </Button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </>
  );
}
