import { notFound, redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { getChannel, channelFilterOptions } from "@/lib/services/channels/list";
import { NotFoundError } from "@/lib/errors";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { ChannelForm } from "@/components/notify/channel-form";
import { channelTypes } from "@/lib/services/channels/types";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit channel" };

export default async function EditChannelPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") return <Forbidden title="Edit channel" />;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let channel;
  try {
    channel = getChannel(actor, id);
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
  return (
    <>
      <PageHeader title={`Edit channel ${channel.name}`} />
      <ChannelForm channel={channel} options={channelFilterOptions(actor)} types={channelTypes()} />
    </>
  );
}
