import { eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores } from "../../db/schema";
import { removeRestoreScratch } from "./paths";

export const INTERRUPTED_RESTORE = "Lifeboat stopped while this restore was going on; the destination may be half restored — restore again, or restore its safety backup";

/** A restore left queued/running by a crash or a restart is marked interrupted (it cannot resume). */
export function recoverInterruptedRestores(): number {
  const now = new Date();
  return getDb()
    .update(restores)
    .set({ status: "interrupted", finishedAt: now, errorSummary: INTERRUPTED_RESTORE })
    .where(inArray(restores.status, ["queued", "running"]))
    .run().changes;
}

/** Scratch folders of restores not queued or running (after recovery: of none) are removed. */
export function removeLeftoverRestoreScratch(): string[] {
  const db = getDb();
  return removeRestoreScratch((id) => {
    const r = db.select({ status: restores.status }).from(restores).where(eq(restores.id, id)).get();
    return r?.status === "queued" || r?.status === "running";
  });
}
