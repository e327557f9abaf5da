import { getDb } from "../../db/client";
import { notificationChannels } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { channelInput, type ChannelInput } from "./schemas";
import { channelColumns } from "./to-row";
import { toChannelDto, type ChannelDto } from "./dto";

export function createChannel(actor: Actor, input: ChannelInput): ChannelDto {
  requirePermission(actor, "manage");
  const data = channelInput.parse(input);
  const cols = channelColumns(data, null);
  return getDb().transaction((tx) => {
    const row = tx.insert(notificationChannels).values(cols).returning().get();
    const dto = toChannelDto(row);
    writeAudit(tx, actor, { action: "channel.create", entityType: "channel", entityId: row.id, after: dto });
    return dto;
  });
}
