import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrBaseBackups, type PitrBaseBackup } from "../../db/schema-pitr";

/** The target's base backups, without those retention marked for deletion (a restore must not pick one). */
export function listBaseBackups(targetId: number): PitrBaseBackup[] {
  return getDb()
    .select()
    .from(pitrBaseBackups)
    .where(and(eq(pitrBaseBackups.targetId, targetId), isNull(pitrBaseBackups.deletingAt)))
    .orderBy(asc(pitrBaseBackups.id))
    .all();
}
