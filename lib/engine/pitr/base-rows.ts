import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { pitrBaseBackups, type PitrBaseBackup } from "../../db/schema-pitr";

export function listBaseBackups(targetId: number): PitrBaseBackup[] {
  return getDb().select().from(pitrBaseBackups).where(eq(pitrBaseBackups.targetId, targetId)).orderBy(asc(pitrBaseBackups.id)).all();
}
