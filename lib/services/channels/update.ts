import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { notificationChannels } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { unsealJson } from "../../crypto/secrets";
import { NotFoundError } from "../../errors";
import { updateChannelInput, type UpdateChannelInput } from "./schemas";
import { channelColumns } from "./to-row";
import { toChannelDto, type ChannelDto } from "./dto";

export function updateChannel(actor: Actor, input: UpdateChannelInput): ChannelDto {
  requirePermission(actor, "manage");
  const { id, ...data } = updateChannelInput.parse(input);
  return getDb().transaction((tx) => {
    const row = tx.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
    if (!row) throw new NotFoundError(`Channel ${id} does not exist`);
    const cols = channelColumns(data, unsealJson<Record<string, string>>(row.secretEnc));
    const after = tx
      .update(notificationChannels)
      .set({ ...cols, updatedAt: new Date() })
      .where(eq(notificationChannels.id, id))
      .returning()
      .get();
    const dto = toChannelDto(after);
    writeAudit(tx, actor, { action: "channel.update", entityType: "channel", entityId: id, before: toChannelDto(row), after: dto });
    return dto;
  });
}

/** Pause or resume a channel without touching its settings. */
export function setChannelEnabled(actor: Actor, id: number, enabled: boolean): ChannelDto {
  requirePermission(actor, "manage");
  return getDb().transaction((tx) => {
    const row = tx.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
    if (!row) throw new NotFoundError(`Channel ${id} does not exist`);
    const after = tx
      .update(notificationChannels)
      .set({ enabled, updatedAt: new Date() })
      .where(eq(notificationChannels.id, id))
      .returning()
      .get();
    writeAudit(tx, actor, {
      action: enabled ? "channel.enable" : "channel.disable",
      entityType: "channel",
      entityId: id,
      before: { enabled: row.enabled },
      after: { enabled },
    });
    return toChannelDto(after);
  });
}
