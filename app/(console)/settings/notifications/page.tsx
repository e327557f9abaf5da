import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { headers } from "next/headers";
import { publicBaseUrl } from "@/lib/http/public-url";
import { listChannels, channelFilterOptions } from "@/lib/services/channels/list";
import { listDeliveries } from "@/lib/services/channels/deliveries";
import { getMetricsSettings } from "@/lib/metrics/settings";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ChannelList } from "@/components/notify/channel-list";
import { DeliveryLog } from "@/components/notify/delivery-log";
import { MetricsSettings } from "@/components/notify/metrics-settings";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Notifications" />;
  const { saved } = await searchParams;
  const channels = listChannels(actor);
  const options = channelFilterOptions(actor);
  const deliveries = listDeliveries(actor, { limit: 50 });
  const base = publicBaseUrl(await headers());
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Who is told when a backup fails, runs late or recovers: by email, webhook or ntfy push, at once or as a daily digest."
        actions={
          <Button asChild>
            <Link href="/settings/notifications/new">Add channel</Link>
          </Button>
        }
      />
      <div className="grid gap-6">
        {saved ? <Alert variant="success">Channel “{saved}” saved.</Alert> : null}
        <section aria-labelledby="channels-heading" className="grid gap-2">
          <h2 id="channels-heading" className="text-base font-semibold">
            Channels
          </h2>
          <ChannelList channels={channels} options={options} />
        </section>
        <section aria-labelledby="deliveries-heading" className="grid gap-2">
          <h2 id="deliveries-heading" className="text-base font-semibold">
            Delivery log
          </h2>
          <p className="text-xs text-muted-foreground">
            Failed deliveries are retried after 1, 5, 30 and 120 minutes (5 attempts in all). A failing channel never holds up a backup.
          </p>
          <DeliveryLog deliveries={deliveries} />
        </section>
        <Card>
          <CardHeader>
            <CardTitle>Metrics for Prometheus / Grafana</CardTitle>
          </CardHeader>
          <CardContent>
            <MetricsSettings initial={getMetricsSettings(actor)} scrapeUrl={`${base}/api/metrics`} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
