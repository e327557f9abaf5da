import type { ChannelData } from "./schemas";
import { clearFlag } from "./schemas";
import { sealJson } from "../../crypto/secrets";
import { ValidationError } from "../../errors";
import { transportFor } from "../../engine/notify/transports/registry";
import { ChannelFieldError } from "../../engine/notify/transports/transport";

const blank = (s: unknown) => s == null || s === "";

/**
 * Turns validated input into the columns of notification_channels. Secrets left empty keep the
 * stored value (the form never receives it back), unless the admin asked to clear them; the
 * transport decides what else it keeps.
 */
export function channelColumns(data: ChannelData, stored: Record<string, string> | null) {
  const transport = transportFor(data.type);
  const input: Record<string, unknown> = { ...data };
  for (const f of transport.fields.filter((x) => x.kind === "secret")) {
    input[f.name] = data[clearFlag(f.name)] === true ? undefined : blank(data[f.name]) ? stored?.[f.name] : data[f.name];
  }
  let kept;
  try {
    kept = transport.store(input);
  } catch (e) {
    if (e instanceof ChannelFieldError) throw new ValidationError("Please fix the highlighted fields", { [e.field]: e.message });
    throw e;
  }
  return {
    name: data.name,
    type: data.type,
    config: { ...kept.config, digestHour: data.digestHour },
    secretEnc: Object.keys(kept.secret).length ? sealJson(kept.secret) : null,
    eventTypes: data.eventTypes as string[],
    appIds: data.appIds?.length ? data.appIds : null,
    targetIds: data.targetIds?.length ? data.targetIds : null,
    digest: data.digest,
    enabled: data.enabled,
  };
}
