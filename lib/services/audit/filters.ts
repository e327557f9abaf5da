import { z } from "zod";
import { and, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { auditLog } from "../../db/schema";

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2025-01-31")
  .optional()
  .or(z.literal("").transform(() => undefined));
const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : undefined));

/** Filters of the audit page and the CSV export (query-string shaped: every value a string). */
export const auditFilterInput = z.object({
  actor: text,
  entityType: text,
  entityId: text,
  /** "target.create" exactly, or "target." for every target action. */
  action: text,
  /** Inclusive UTC days. */
  from: day,
  to: day,
});
export type AuditFilter = z.infer<typeof auditFilterInput>;

export function auditWhere(f: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (f.actor) parts.push(eq(auditLog.actorLabel, f.actor));
  if (f.entityType) parts.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) parts.push(eq(auditLog.entityId, f.entityId));
  if (f.action) {
    // A trailing dot means "this family of actions"; LIKE wildcards in user input are escaped.
    const esc = f.action.replace(/[\\%_]/g, (c) => "\\" + c);
    parts.push(f.action.endsWith(".") ? like(auditLog.action, `${esc}%`) : eq(auditLog.action, f.action));
  }
  if (f.from) parts.push(gte(auditLog.at, new Date(`${f.from}T00:00:00.000Z`)));
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00.000Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    parts.push(lt(auditLog.at, end));
  }
  return parts.length ? and(...parts) : undefined;
}
