import type { ChannelSecret } from "../channel-config";
import type { NotifyMessage } from "../message";

/**
 * One way of sending a notification (email, webhook; later chat apps, push). A channel row's
 * `type` names its transport in registry.ts; `config` is the row's non-secret config and
 * `secret` its unsealed secret_enc.
 */
export interface NotifierTransport {
  type: string;
  label: string;
  /** Resolves with a status worth logging (a webhook's HTTP status) or null; throws with a readable reason. */
  send(channel: { config: Record<string, unknown>; secret: ChannelSecret }, msg: NotifyMessage, now: Date): Promise<number | null>;
}
