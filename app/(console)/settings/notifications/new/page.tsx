import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { channelFilterOptions } from "@/lib/services/channels/list";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ChannelForm } from "@/components/notify/channel-form";
import { channelTypes } from "@/lib/services/channels/types";

export const dynamic = "force-dynamic";
export const metadata = { title: "New channel" };

export default async function NewChannelPage() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="New channel" />;
  return (
    <>
      <PageHeader title="New channel" description="Where Lifeboat sends alerts: an SMTP mailbox, a webhook (Slack-compatible or JSON) or an ntfy topic (push to phones)." />
      <ChannelForm channel={null} options={channelFilterOptions(actor)} types={channelTypes()} />
    </>
  );
}
