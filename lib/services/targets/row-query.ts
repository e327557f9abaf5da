import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { targetStorageConfig } from "../../engine/copies/target-storage";
import { toTargetDto, type TargetDto } from "./dto";

/** One target with its app name, as a DTO (undefined when absent). */
export function loadTargetDto(db: DbOrTx, id: number): TargetDto | undefined {
  const row = db
    .select({ target: targets, appName: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .where(eq(targets.id, id))
    .get();
  return row ? toTargetDto(row.target, row.appName, targetStorageConfig(id, db)) : undefined;
}
