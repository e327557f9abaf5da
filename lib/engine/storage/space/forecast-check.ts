import { eq } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { storageForecastState } from "../../../db/schema";
import { recordEvent } from "../../events";
import { computeStorage, type StorageVolumeDto } from "./overview";

/**
 * Compare each volume's forecast with the warning threshold and record "storage.forecast" once
 * per episode: when it first drops below, not on every check while it stays below. Returns the
 * volumes that started an episode now.
 */
export function checkStorageForecast(now: Date = new Date()): StorageVolumeDto[] {
  const db = getDb();
  const overview = computeStorage(now, db);
  const started: StorageVolumeDto[] = [];
  db.transaction((tx) => {
    for (const v of overview.volumes) {
      const prev = tx.select().from(storageForecastState).where(eq(storageForecastState.volumeKey, v.key)).get();
      const days = v.daysUntilFull === null ? null : Math.floor(v.daysUntilFull);
      const startsEpisode = v.warning && !prev?.warning;
      if (startsEpisode) {
        recordEvent(tx, {
          type: "storage.forecast",
          at: now,
          payload: {
            volume: v.key,
            roots: v.roots,
            daysUntilFull: days,
            words: v.words,
            freeBytes: v.freeBytes,
            totalBytes: v.totalBytes,
            warnDays: overview.warnDays,
          },
        });
        started.push(v);
      }
      const since = v.warning ? (startsEpisode ? now : (prev?.since ?? now)) : null;
      tx.insert(storageForecastState)
        .values({ volumeKey: v.key, warning: v.warning, daysUntilFull: days, since, checkedAt: now })
        .onConflictDoUpdate({
          target: storageForecastState.volumeKey,
          set: { warning: v.warning, daysUntilFull: days, since, checkedAt: now },
        })
        .run();
    }
  });
  return started;
}
