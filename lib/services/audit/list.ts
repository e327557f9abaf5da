import { desc, sql, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { auditFilterInput, auditWhere } from "./filters";
import { toAuditDto, type AuditDto } from "./dto";
import { entityOf, resolveAuditEntities, type AuditEntity } from "./entities";

export type AuditRowDto = AuditDto & { entity: AuditEntity | null };

export interface AuditPage {
  rows: AuditRowDto[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export function listAudit(actor: Actor, input: Record<string, unknown> & { page?: unknown; pageSize?: unknown }): AuditPage {
  requirePermission(actor, "audit.read");
  const filter = auditFilterInput.parse(input);
  const pageSize = Math.min(Math.max(Number(input.pageSize) || 50, 1), 200);
  const where = auditWhere(filter);
  const db = getDb();
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.floor(Number(input.page) || 1), 1), pageCount);
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map(toAuditDto);
  const entities = resolveAuditEntities(rows);
  return { rows: rows.map((r) => ({ ...r, entity: entityOf(entities, r.entityType, r.entityId) })), total, page, pageSize, pageCount };
}

/** The values the filter drop-downs offer. */
export function auditFilterOptions(actor: Actor): { actors: string[]; entityTypes: string[]; actions: string[] } {
  requirePermission(actor, "audit.read");
  const db = getDb();
  const distinct = (col: typeof auditLog.actorLabel | typeof auditLog.entityType | typeof auditLog.action) =>
    db
      .selectDistinct({ v: col })
      .from(auditLog)
      .where(isNotNull(col))
      .orderBy(col)
      .limit(500)
      .all()
      .map((r) => r.v as string);
  return { actors: distinct(auditLog.actorLabel), entityTypes: distinct(auditLog.entityType), actions: distinct(auditLog.action) };
}
