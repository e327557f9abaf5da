import { z } from "zod";
import { EVENT_TYPES } from "../../engine/events";
import { allTransports } from "../../engine/notify/transports/registry";
import type { NotifierTransport } from "../../engine/notify/transports/transport";
import { clearFlag } from "../../ui/secret-field";

const idList = z.array(z.coerce.number().int().positive()).nullable();

/** What every channel has, whatever its transport. */
const common = {
  name: z.string().trim().min(1, "Give the channel a name").max(100),
  eventTypes: z.array(z.enum(EVENT_TYPES)).min(1, "Pick at least one event"),
  /** null = every app / every target. */
  appIds: idList.default(null),
  targetIds: idList.default(null),
  digest: z.boolean().default(false),
  /** Hour of the day (console timezone) the daily digest goes out. */
  digestHour: z.coerce.number().int().min(0).max(23).default(8),
  enabled: z.boolean().default(true),
};

export { clearFlag };

function optionOf(t: NotifierTransport) {
  const clears = Object.fromEntries(t.fields.filter((f) => f.kind === "secret").map((f) => [clearFlag(f.name), z.boolean().default(false)]));
  return z.object({ ...common, ...t.schema.shape, ...clears, type: z.literal(t.type) });
}

/** One option per registered transport, told apart by `type`. */
const options = allTransports().map(optionOf);
export const channelInput = z.discriminatedUnion("type", options as [ReturnType<typeof optionOf>, ...ReturnType<typeof optionOf>[]]);
export type ChannelInput = { type: string; [field: string]: unknown };
export type ChannelData = z.output<typeof channelInput> & Record<string, unknown>;

export const updateChannelInput = z.object({ id: z.coerce.number().int().positive() }).and(channelInput);
export type UpdateChannelInput = ChannelInput & { id: number | string };
