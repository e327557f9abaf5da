import { allTransports } from "../../engine/notify/transports/registry";
import type { ChannelField } from "../../engine/notify/transports/transport";

export type { ChannelField };

/** A channel type as the form draws it: plain data, safe to hand to a client component. */
export interface ChannelTypeInfo {
  type: string;
  label: string;
  legend: string;
  fields: ChannelField[];
  defaults: Record<string, unknown>;
}

export function channelTypes(): ChannelTypeInfo[] {
  return allTransports().map((t) => ({ type: t.type, label: t.label, legend: t.legend, fields: t.fields, defaults: t.defaults ?? {} }));
}
