import { and, desc, lt } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { auditFilterInput, auditWhere } from "./filters";
import { toAuditDto } from "./dto";

const COLUMNS = ["id", "at", "actor_type", "actor", "action", "entity_type", "entity_id", "ip", "changes", "before", "after"];
const BATCH = 500;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A value starting with = + - @ (or tab/CR) is prefixed with ' so a spreadsheet does not run it
 * as a formula (audit data contains user-typed names).
 */
export function csvField(v: unknown): string {
  let s = v == null ? "" : typeof v === "string" ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** Stream the filtered audit trail as CSV, newest first, in batches (keyset paging by id). */
export function exportAuditCsv(actor: Actor, input: Record<string, unknown>): ReadableStream<Uint8Array> {
  requirePermission(actor, "audit.read");
  const filter = auditFilterInput.parse(input);
  const db = getDb();
  db.transaction((tx) => writeAudit(tx, actor, { action: "audit.export", entityType: "audit_log", after: filter }));
  const where = auditWhere(filter);
  const enc = new TextEncoder();
  let cursor: number | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(csvLine(COLUMNS)));
        return;
      }
      const rows = db
        .select()
        .from(auditLog)
        .where(cursor === null ? where : and(where, lt(auditLog.id, cursor)))
        .orderBy(desc(auditLog.id))
        .limit(BATCH)
        .all();
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!.id;
      let chunk = "";
      for (const r of rows) {
        const d = toAuditDto(r);
        const changes = d.changes.map((c) => `${c.path}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`).join("; ");
        chunk += csvLine([d.id, d.at, d.actorType, d.actor, d.action, d.entityType, d.entityId, d.ip, changes, d.before, d.after]);
      }
      controller.enqueue(enc.encode(chunk));
    },
  });
}
