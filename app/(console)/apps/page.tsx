import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { listApps } from "@/lib/services/apps/list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const dynamic = "force-dynamic";

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
            <TableHead>Description</TableHead>
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
              <TableCell colSpan={4} className="h-20 text-center text-slate-500">
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
                <TableCell className="text-slate-600">{a.description}</TableCell>
                <TableCell className="tabular-nums">{a.targetCount}</TableCell>
                {isAdmin ? (
                  <TableCell className="text-right">
                    <Link href={`/apps/${a.id}/edit`} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-xs hover:bg-slate-100">
                      Edit<span className="sr-only"> {a.name}</span>
                    </Link>
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
