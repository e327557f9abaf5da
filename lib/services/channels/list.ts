import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { notificationChannels } from "../../db/schema";
import { appTargetChoices, type AppTargetChoices } from "../targets/choices";
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

export type FilterOptions = AppTargetChoices;

/** The apps and targets a channel can be limited to (the form's choices). */
export function channelFilterOptions(actor: Actor): FilterOptions {
  requirePermission(actor, "manage");
  return appTargetChoices(actor);
}
