import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { DataTablePagination } from "@/components/data-table/pagination";
import { RunsTable } from "@/components/runs/runs-table";
import { RunsFilters } from "@/components/runs/runs-filters";
import { pageActor } from "@/lib/auth/page-actor";
import { listRuns } from "@/lib/services/runs/list";
import { listRunsInput } from "@/lib/services/runs/query";
import { runFilterOptions } from "@/lib/services/runs/filter-options";

export const dynamic = "force-dynamic";
export const metadata = { title: "Runs" };

const PARAMS = ["q", "appId", "targetId", "status", "trigger", "from", "to", "page", "sort"] as const;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await pageActor();
  const sp = await searchParams;
  const values: Record<string, string | undefined> = {};
  for (const k of PARAMS) {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (s) values[k] = s;
  }
  const parsed = listRunsInput.safeParse(values);
  const input = parsed.success ? parsed.data : listRunsInput.parse({});
  const { rows, total, page, pageSize } = listRuns(actor, input);
  return (
    <>
      <PageHeader title="Runs" description="Every backup run, newest first." />
      <RunsFilters options={runFilterOptions(actor)} values={values} />
      {!parsed.success ? <Alert variant="warning">Some filters in the address were not understood and were ignored.</Alert> : null}
      <RunsTable rows={rows} />
      <DataTablePagination page={page} pageSize={pageSize} total={total} basePath="/runs" params={values} />
    </>
  );
}
