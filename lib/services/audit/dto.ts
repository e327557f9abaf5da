import type { AuditRow } from "../../db/schema";
import { redact } from "../../audit/redact";
import { diffValues, type DiffEntry } from "./diff";

export interface AuditDto {
  id: number;
  at: string;
  actorType: string;
  actorId: number | null;
  actor: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  /** What changed between before and after (secrets removed). */
  changes: DiffEntry[];
}

export function toAuditDto(r: AuditRow): AuditDto {
  // Rows are redacted when written; redacting again on read protects rows written by older code.
  const before = redact(r.before ?? null);
  const after = redact(r.after ?? null);
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    actor: r.actorLabel ?? r.actorType,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    ip: r.ip,
    before,
    after,
    changes: diffValues(before, after),
  };
}
