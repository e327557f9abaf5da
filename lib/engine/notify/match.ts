import type { NotificationChannel } from "../../db/schema";

/**
 * Does this channel want this event? Event types are chosen explicitly; the app and target
 * filters (null = all) apply to events about a target. Events about no target (the storage
 * forecast) concern the whole console, so a channel that picked their type gets them.
 */
export function channelWants(
  channel: Pick<NotificationChannel, "enabled" | "eventTypes" | "appIds" | "targetIds">,
  event: { type: string; targetId: number | null },
  appId: number | null,
): boolean {
  if (!channel.enabled) return false;
  if (!channel.eventTypes.includes(event.type)) return false;
  if (event.targetId == null) return true;
  if (channel.appIds && (appId == null || !channel.appIds.includes(appId))) return false;
  if (channel.targetIds && !channel.targetIds.includes(event.targetId)) return false;
  return true;
}
