import type { NotifierTransport } from "./transport";
import { emailTransport } from "./email";
import { webhookTransport } from "./webhook";
import { ntfyTransport } from "./ntfy";

/** THE notifier transports: one line per transport (its folder beside this file). */
const TRANSPORTS: NotifierTransport[] = [
  emailTransport,
  webhookTransport,
  ntfyTransport,
];

const byType = new Map(TRANSPORTS.map((t) => [t.type, t]));

export const TRANSPORT_TYPES = TRANSPORTS.map((t) => t.type);

export function allTransports(): readonly NotifierTransport[] {
  return TRANSPORTS;
}

export function transportFor(type: string): NotifierTransport {
  const t = byType.get(type);
  if (!t) throw new Error(`Unknown notification channel type ${JSON.stringify(type)} (known: ${TRANSPORT_TYPES.join(", ")})`);
  return t;
}
