import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { restores } from "../../db/schema";
import { now as clockNow } from "../clock";
import { removeRestoreScratch } from "./paths";

export const INTERRUPTED_RESTORE = "Lifeboat stopped while this restore was going on; the destination may be half restored — restore again, or restore its safety backup";
export const INTERRUPTED_TEST_RESTORE = "Lifeboat stopped while this test restore was going on; its scratch copy was removed — test again";

/**
 * A restore (or test restore) left queued/running by a crash or a restart is marked interrupted:
 * it cannot resume (a restore's destination password was never written down). Its scratch folder
 * goes too. Returns the ids.
 */
export function recoverInterruptedRestores(kind: "restore" | "test", isActive: (id: number) => boolean, now: Date = clockNow()): number[] {
  const db = getDb();
  const stuck = db
    .select({ id: restores.id })
    .from(restores)
    .where(and(eq(restores.kind, kind), inArray(restores.status, ["queued", "running"])))
    .all()
    .map((r) => r.id)
    .filter((id) => !isActive(id));
  for (const id of stuck) {
    db.update(restores)
      .set({ status: "interrupted", finishedAt: now, errorSummary: kind === "test" ? INTERRUPTED_TEST_RESTORE : INTERRUPTED_RESTORE })
      .where(and(eq(restores.id, id), inArray(restores.status, ["queued", "running"])))
      .run();
  }
  return stuck;
}

/** Scratch folders of restores not queued or running (after recovery: of none) are removed. */
export function removeLeftoverRestoreScratch(): string[] {
  const db = getDb();
  return removeRestoreScratch((id) => {
    const r = db.select({ status: restores.status }).from(restores).where(eq(restores.id, id)).get();
    return r?.status === "queued" || r?.status === "running";
  });
}
