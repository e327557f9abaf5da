import { auditLog } from "../db/schema";
import type { DbOrTx } from "../db/client";
import { actorId, actorLabel, type Actor } from "./actor";
import { redact } from "./redact";

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Write one audit row. Call it with the transaction handle of the change it records, so that
 * a failed audit insert rolls the change back (better-sqlite3: synchronous).
 */
export function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry, at: Date = new Date()): void {
  tx.insert(auditLog)
    .values({
      at,
      actorType: actor.type,
      actorId: actorId(actor),
      actorLabel: actorLabel(actor),
      action: entry.action,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      before: entry.before === undefined ? null : redact(entry.before),
      after: entry.after === undefined ? null : redact(entry.after),
      ip: "ip" in actor ? (actor.ip ?? null) : null,
    })
    .run();
}
