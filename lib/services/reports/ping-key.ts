import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { assertAppVisible } from "../../api/scope";
import { newPingKey } from "../targets/create";

/** The target's ping key (null until an admin creates one). Operators may see it: it can only report. */
export function getPingKey(actor: Actor, targetId: number): string | null {
  requirePermission(actor, "report.write");
  const row = getDb().select({ appId: targets.appId, pingKey: targets.pingKey }).from(targets).where(eq(targets.id, targetId)).get();
  if (!row) throw new NotFoundError(`Target ${targetId} not found`);
  assertAppVisible(actor, row.appId, `Target ${targetId}`);
  return row.pingKey;
}

/** Create or replace the key; the old ping URLs stop working at once. Admin only. */
export function rotatePingKey(actor: Actor, targetId: number): string {
  requirePermission(actor, "manage");
  return getDb().transaction((tx) => {
    const row = tx.select({ appId: targets.appId, pingKey: targets.pingKey, name: targets.name }).from(targets).where(eq(targets.id, targetId)).get();
    if (!row) throw new NotFoundError(`Target ${targetId} not found`);
    assertAppVisible(actor, row.appId, `Target ${targetId}`);
    const key = newPingKey();
    tx.update(targets).set({ pingKey: key, updatedAt: new Date() }).where(eq(targets.id, targetId)).run();
    // The key itself never goes to the audit trail.
    writeAudit(tx, actor, {
      action: row.pingKey ? "target.ping_key_rotate" : "target.ping_key_create",
      entityType: "target",
      entityId: targetId,
      after: { target: row.name },
    });
    return key;
  });
}

/** The target a ping key belongs to, or NotFound (unknown or rotated key). */
export function targetIdForPingKey(key: string): number {
  const row = key ? getDb().select({ id: targets.id }).from(targets).where(eq(targets.pingKey, key)).get() : undefined;
  if (!row) throw new NotFoundError("Unknown ping key");
  return row.id;
}
