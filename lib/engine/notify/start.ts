import { Cron } from "croner";
import { dispatchPending } from "./dispatcher";
import { notifierGlobal as g } from "./state";

/** Starts the in-process notifier (lib/boot.ts): every 15 s, fan out new events and send what is due. */
export function startNotifier(): Cron {
  if (g.__lifeboatNotifier) return g.__lifeboatNotifier;
  // protect: a slow SMTP server makes a tick overrun; the next one is skipped, not stacked.
  g.__lifeboatNotifier = new Cron("*/15 * * * * *", { protect: true, name: "notifier" }, async () => {
    try {
      await dispatchPending(new Date());
    } catch (e) {
      console.error("[notify] tick failed", e);
    }
  });
  return g.__lifeboatNotifier;
}

export function stopNotifier(): void {
  g.__lifeboatNotifier?.stop();
  g.__lifeboatNotifier = undefined;
}
