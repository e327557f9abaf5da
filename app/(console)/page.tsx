import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { getDashboard } from "@/lib/services/dashboard/get-dashboard";
import { getStorageOverview } from "@/lib/services/storage/overview";
import { getStorageHistory, storageToday } from "@/lib/services/trends/storage-history";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { StatusCountTiles } from "@/components/dashboard/status-counts";
import { SuccessRates } from "@/components/dashboard/success-rates";
import { HealthTable } from "@/components/dashboard/health-table";
import { LatestFailures } from "@/components/dashboard/latest-failures";
import { StoragePanel } from "@/components/dashboard/storage-panel";
import { StorageHistoryChart } from "@/components/charts/storage-history-chart";

export const dynamic = "force-dynamic";
export const metadata = { title: "Dashboard" };

// All data is read here, on the server, in one pass: the charts get it as props (no client fetches).
export default async function DashboardPage() {
  const actor = await pageActor();
  const now = new Date();
  const dash = getDashboard(actor, now);
  const storage = getStorageOverview(actor, now);
  const history = getStorageHistory(actor, now);
  return (
    <>
      <PageHeader title="Dashboard" description="Health of every app and target, worst first." />
      <div className="grid gap-4">
        <StatusCountTiles counts={dash.counts} />
        {dash.rows.length === 0 ? (
          <Card>
            <CardContent className="pt-4 text-sm text-muted-foreground">
              No targets yet.{" "}
              {actor.role === "admin" ? (
                <Link href="/targets/new" className="font-medium text-link hover:underline">
                  Add a target
                </Link>
              ) : (
                "An admin adds apps and targets."
              )}
            </CardContent>
          </Card>
        ) : (
          <HealthTable rows={dash.rows} />
        )}
        <div className="grid gap-4 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Success rate</CardTitle>
            </CardHeader>
            <CardContent>
              <SuccessRates last24h={dash.successRate.last24h} last7d={dash.successRate.last7d} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Latest failures</CardTitle>
            </CardHeader>
            <CardContent>
              <LatestFailures runs={dash.latestFailures} />
            </CardContent>
          </Card>
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Storage</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <StoragePanel storage={storage} />
            <StorageHistoryChart points={history} nowBytes={storage.totalUsedBytes} today={storageToday(now)} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
