import { Cron } from "croner";
import { checkStorageForecast } from "../../engine/storage/space/forecast-check";
import { recordStorageSamples } from "../../engine/storage/space/sample";

const g = globalThis as unknown as { __lifeboatStorageJob?: Cron };

function tick(): void {
  try {
    recordStorageSamples();
    checkStorageForecast();
  } catch (e) {
    console.error("[lifeboat] storage sample/forecast failed", e);
  }
}

/**
 * Hourly: the sample itself is daily (see recordStorageSamples), the forecast check is hourly so a
 * sudden drop is reported the same day. Started by lib/boot.ts (not with LIFEBOAT_SCHEDULER=off).
 */
export function startStorageSampler(): void {
  if (g.__lifeboatStorageJob) return;
  tick();
  g.__lifeboatStorageJob = new Cron("23 * * * *", { name: "storage-sampler", protect: true }, tick);
}
