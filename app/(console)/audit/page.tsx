import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { auditFilterOptions, listAudit } from "@/lib/services/audit/list";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RelativeTime } from "@/components/status/relative-time";
import { AuditChanges } from "./audit-changes";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit trail" };

const FILTER_KEYS = ["actor", "entityType", "entityId", "action", "from", "to"] as const;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v || undefined;
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") {
    return (
      <>
        <PageHeader title="Audit trail" />
        <Alert variant="warning">Only admins can see the audit trail.</Alert>
      </>
    );
  }
  const sp = await searchParams;
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, one(sp[k])]).filter(([, v]) => v)) as Record<string, string>;
  let page;
  let error: string | null = null;
  try {
    page = listAudit(actor, { ...filters, page: one(sp.page) });
  } catch {
    error = "Some filters are not valid (dates look like 2025-01-31); showing everything instead.";
    page = listAudit(actor, { page: one(sp.page) });
  }
  const options = auditFilterOptions(actor);
  const qs = (extra: Record<string, string | number>) => new URLSearchParams({ ...filters, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Who did what and when: changes, sign-ins, runs, downloads, restores and API token use. Secrets are never stored here."
        actions={
          <Button asChild variant="outline">
            <a href={`/api/audit/export?${qs({})}`} download>
              Export CSV
            </a>
          </Button>
        }
      />
      <form method="get" className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-4 xl:grid-cols-7" aria-label="Filter the audit trail">
        <Field id="f-actor" label="User">
          <NativeSelect id="f-actor" name="actor" defaultValue={filters.actor ?? ""}>
            <option value="">anyone</option>
            {options.actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="f-entity" label="Entity">
          <NativeSelect id="f-entity" name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">any</option>
            {options.entityTypes.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="f-entity-id" label="Entity id">
          <Input id="f-entity-id" name="entityId" defaultValue={filters.entityId ?? ""} />
        </Field>
        <Field id="f-action" label="Action">
          <NativeSelect id="f-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">any</option>
            {[...new Set(options.actions.map((a) => a.split(".")[0] + "."))].map((family) => (
              <option key={family} value={family}>
                {family}* (all)
              </option>
            ))}
            {options.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field id="f-from" label="From (UTC day)">
          <Input id="f-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </Field>
        <Field id="f-to" label="To (UTC day)">
          <Input id="f-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </Field>
        <div className="flex gap-2">
          <Button type="submit">Filter</Button>
          <Button asChild variant="ghost">
            <a href="/audit">Clear</a>
          </Button>
        </div>
      </form>
      {error ? (
        <Alert variant="warning" className="mb-3">
          {error}
        </Alert>
      ) : null}
      <p className="mb-2 text-sm text-muted-foreground" aria-live="polite">
        {page.total} entries · page {page.page} of {page.pageCount}
      </p>
      <Table aria-label="Audit entries">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>What</TableHead>
            <TableHead className="hidden sm:table-cell">About</TableHead>
            <TableHead className="hidden md:table-cell">Changes</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {page.rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="text-muted-foreground">
                No entries match.
              </TableCell>
            </TableRow>
          ) : (
            page.rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell className="whitespace-nowrap">
                  <RelativeTime iso={r.at} />
                </TableCell>
                <TableCell className="break-all">
                  <div>{r.actor}</div>
                  {r.ip ? <div className="text-xs text-muted-foreground">{r.ip}</div> : null}
                </TableCell>
                <TableCell>
                  <code className="text-xs">{r.action}</code>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  {r.entity ? (
                    r.entity.href ? (
                      <Link href={r.entity.href} className="underline-offset-2 hover:underline">
                        {r.entity.label}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">{r.entity.label}</span>
                    )
                  ) : (
                    "—"
                  )}
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <AuditChanges changes={r.changes} />
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <nav aria-label="Pages" className="mt-3 flex gap-2">
        {page.page > 1 ? (
          <Button asChild variant="outline" size="sm">
            <a href={`/audit?${qs({ page: page.page - 1 })}`}>Previous page</a>
          </Button>
        ) : null}
        {page.page < page.pageCount ? (
          <Button asChild variant="outline" size="sm">
            <a href={`/audit?${qs({ page: page.page + 1 })}`}>Next page</a>
          </Button>
        ) : null}
      </nav>
    </>
  );
}
