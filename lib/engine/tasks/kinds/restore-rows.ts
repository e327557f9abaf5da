import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client";
import { getDb } from "../../../db/client";
import { restores } from "../../../db/schema";
import { taskKey, type Holder } from "../task-kind";

type RowKind = "restore" | "test";

/** Queued rows of one restore kind. */
export function queuedRestores(db: Db | Tx, kind: RowKind) {
  return db
    .select({ id: restores.id, targetId: restores.targetId, queuedAt: restores.queuedAt })
    .from(restores)
    .where(and(eq(restores.kind, kind), eq(restores.status, "queued")))
    .all();
}

/**
 * A restore holds its target from the moment it is queued (not only while it runs): it outranks
 * every backup, and a restore queued by another process is not a candidate here, so without this
 * a backup of the target could start in between. Its own safety backup is its child.
 */
export function restoreHolders(db: Db | Tx, kind: RowKind, taskKind: string): Holder[] {
  return db
    .select({ id: restores.id, targetId: restores.targetId })
    .from(restores)
    .where(and(eq(restores.kind, kind), inArray(restores.status, ["queued", "running"])))
    .all()
    .map((r) => ({ key: taskKey(taskKind, r.id), targetId: r.targetId }));
}

export function claimRestore(tx: Tx, id: number, at: Date): boolean {
  return tx.update(restores).set({ status: "running", startedAt: at }).where(and(eq(restores.id, id), eq(restores.status, "queued"))).run().changes === 1;
}

export function cancelQueuedRestore(id: number, reason: string, at: Date): boolean {
  return (
    getDb()
      .update(restores)
      .set({ status: "cancelled", finishedAt: at, errorSummary: `${reason}. Nothing was changed.` })
      .where(and(eq(restores.id, id), eq(restores.status, "queued")))
      .run().changes === 1
  );
}
