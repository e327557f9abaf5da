import type { ChannelData } from "./schemas";
import type { ChannelSecret, EmailConfig, WebhookConfig } from "../../engine/notify/channel-config";
import { maskUrl } from "./dto";
import { sealJson } from "../../crypto/secrets";
import { ValidationError } from "../../errors";
import { webhookUrlProblem } from "../../engine/notify/internal-address";

const blank = (s: string | null | undefined) => s == null || s === "";

/**
 * Turns validated input into the columns of notification_channels. Secrets left empty keep the
 * stored value (the form never receives it back), unless the admin asked to clear them.
 */
export function channelColumns(data: ChannelData, stored: ChannelSecret | null) {
  const secret: ChannelSecret = {};
  let config: EmailConfig | WebhookConfig;
  if (data.type === "email") {
    const password = data.clearPassword ? undefined : blank(data.password) ? stored?.password : data.password!;
    if (password) secret.password = password;
    config = {
      host: data.host,
      port: data.port,
      secure: data.secure,
      user: blank(data.user) ? null : data.user!,
      from: data.from,
      to: data.to,
      digestHour: data.digestHour,
    };
  } else {
    const url = blank(data.url) ? stored?.url : data.url!;
    if (!url) throw new ValidationError("Please fix the highlighted fields", { url: "The webhook URL is required" });
    if (!data.allowInternal) {
      const problem = webhookUrlProblem(url);
      if (problem) throw new ValidationError("Please fix the highlighted fields", { url: problem });
    }
    secret.url = url;
    const hmac = data.clearHmacSecret ? undefined : blank(data.hmacSecret) ? stored?.hmacSecret : data.hmacSecret!;
    if (hmac) secret.hmacSecret = hmac;
    config = { urlDisplay: maskUrl(url), slack: data.slack, digestHour: data.digestHour, allowInternal: data.allowInternal };
  }
  return {
    name: data.name,
    type: data.type,
    config: config as unknown as Record<string, unknown>,
    secretEnc: Object.keys(secret).length ? sealJson(secret as Record<string, unknown>) : null,
    eventTypes: data.eventTypes as string[],
    appIds: data.appIds?.length ? data.appIds : null,
    targetIds: data.targetIds?.length ? data.targetIds : null,
    digest: data.digest,
    enabled: data.enabled,
  };
}
