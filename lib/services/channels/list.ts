import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, notificationChannels, targets } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { NotFoundError } from "../../errors";
import { toChannelDto, type ChannelDto } from "./dto";

export function listChannels(actor: Actor): ChannelDto[] {
  requirePermission(actor, "manage");
  return getDb().select().from(notificationChannels).orderBy(asc(notificationChannels.name)).all().map(toChannelDto);
}

export function getChannel(actor: Actor, id: number): ChannelDto {
  requirePermission(actor, "manage");
  const row = getDb().select().from(notificationChannels).where(eq(notificationChannels.id, id)).get();
  if (!row) throw new NotFoundError(`Channel ${id} does not exist`);
  return toChannelDto(row);
}

export interface FilterOptions {
  apps: { id: number; name: string }[];
  targets: { id: number; name: string; appId: number; appName: string }[];
}

/** The apps and targets a channel can be limited to (the form's choices). */
export function channelFilterOptions(actor: Actor): FilterOptions {
  requirePermission(actor, "manage");
  const db = getDb();
  return {
    apps: db.select({ id: apps.id, name: apps.name }).from(apps).orderBy(asc(apps.name)).all(),
    targets: db
      .select({ id: targets.id, name: targets.name, appId: targets.appId, appName: apps.name })
      .from(targets)
      .innerJoin(apps, eq(apps.id, targets.appId))
      .orderBy(asc(apps.name), asc(targets.name))
      .all(),
  };
}
