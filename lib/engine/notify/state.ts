import type { Cron } from "croner";
import { env } from "../../env";

// Kept on globalThis: Next.js may load a module twice (route bundles), the notifier must be one.
export const notifierGlobal = globalThis as unknown as { __lifeboatNotifier?: Cron };

/** The notifier shares the scheduler's switch: LIFEBOAT_SCHEDULER=off runs no background jobs. */
export function notifierState(): "running" | "disabled" | "stopped" {
  if (env().LIFEBOAT_SCHEDULER === "off") return "disabled";
  const job = notifierGlobal.__lifeboatNotifier;
  return job && job.isRunning() ? "running" : "stopped";
}
