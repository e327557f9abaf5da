import type { z } from "zod";
import type { NotifyMessage } from "../message";

/**
 * One field of a channel type's form, drawn by the channel form and read back by the form
 * parser from this list (nothing in the UI or the services names a transport's fields).
 * `secret` fields are sealed in notification_channels.secret_enc and never sent back: an empty
 * value on save keeps the stored one; `clearLabel` offers a "remove it" box (left out when the
 * secret is required).
 */
export interface ChannelField {
  name: string;
  label: string;
  kind: "text" | "number" | "checkbox" | "secret" | "lines" | "url";
  hint?: string;
  /** A secret's hint when one is stored. */
  hintWhenSet?: string;
  clearLabel?: string;
  placeholder?: string;
  /** Drawn beside the next field on wide screens (host | port). */
  pairWithNext?: boolean;
}

/** What a channel row keeps: `config` non-secret (shown), `secret` sealed. */
export interface StoredChannel {
  config: Record<string, unknown>;
  secret: Record<string, string>;
}

/** A field the form should mark: store() throws it, the service maps it beside the field. */
export class ChannelFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One way of sending a notification: a folder `transports/<type>/` and one line in registry.ts.
 * The channel services validate input with `schema`, resolve the secret fields (new value, the
 * stored one, or removed) and call `store`; the dispatcher calls `send` with what was stored.
 */
export interface NotifierTransport {
  type: string;
  label: string;
  /** The form's section title, e.g. "SMTP server". */
  legend: string;
  fields: ChannelField[];
  /** zod object of the fields (secret fields as optional strings: empty = keep the stored one). */
  schema: z.ZodObject<z.ZodRawShape>;
  /** A new channel's form values. */
  defaults?: Record<string, unknown>;
  /** Validated input, secrets resolved → what the row keeps. Throws ChannelFieldError. */
  store(input: Record<string, unknown>): StoredChannel;
  /** The non-secret settings as the form edits them (keys = field names). */
  settings(config: Record<string, unknown>): Record<string, unknown>;
  /** Where it sends, in one or two short lines for the channel list. */
  describe(config: Record<string, unknown>, secretsSet: Record<string, boolean>): string[];
  /** Resolves with a status worth logging (a webhook's HTTP status) or null; throws with a readable reason. */
  send(channel: StoredChannel, msg: NotifyMessage, now: Date): Promise<number | null>;
}
