import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { notificationChannels } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { toChannelDto } from "./dto";

/** Deletes the channel; its delivery log goes with it (ON DELETE CASCADE). */
export function deleteChannel(actor: Actor, id: number): void {
  requirePermission(actor, "manage");
  getDb().transaction((tx) => {
    const row = tx.select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
    if (!row) throw new NotFoundError(`Channel ${id} does not exist`);
    tx.delete(notificationChannels).where(eq(notificationChannels.id, id)).run();
    writeAudit(tx, actor, { action: "channel.delete", entityType: "channel", entityId: id, before: toChannelDto(row) });
  });
}
