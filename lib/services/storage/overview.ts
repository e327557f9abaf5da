import { requirePermission, type Actor } from "../../auth/actor";
import { computeStorage, type StorageOverview } from "../../engine/storage/space/overview";

export type { StorageOverview, StorageTargetDto, StorageVolumeDto } from "../../engine/storage/space/overview";

/** Storage use, free space and the forecast, for anyone who may read (dashboard, /storage). */
export function getStorageOverview(actor: Actor, now: Date = new Date()): StorageOverview {
  requirePermission(actor, "read");
  return computeStorage(now);
}
