import { and, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { schedules, targets, type NewTarget } from "../../db/schema";
import { NotFoundError, ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorSeesApp, requirePermission, type Actor } from "../../auth/actor";
import { RETENTION_KEYS, targetIdInput, type UpdateTargetInput } from "./schemas";
import { checkEngine, validateUpdate } from "./validate";
import { storedSource } from "../../engine/targets/stored-source";
import { loadTargetDto } from "./row-query";
import { assertAppExists, assertServerExists, assertTargetNameFree } from "./name-taken";
import type { TargetDto } from "./dto";
import { applyStorageInput } from "./storage-input";
import { refreshTargetStatus } from "../../engine/status/stored";

/** Change a target; what is absent keeps its value (PATCH). */
export function updateTarget(actor: Actor, input: UpdateTargetInput): TargetDto {
  requirePermission(actor, "manage");
  const { id } = targetIdInput.parse(input);
  const db = getDb();
  const current = db.select({ type: targets.type, appId: targets.appId, engine: targets.engine, serverId: targets.serverId }).from(targets).where(eq(targets.id, id)).get();
  // Before any validation: a token limited to other apps must not learn anything about it.
  if (!current || !actorSeesApp(actor, current.appId)) throw new NotFoundError(`Target ${id} not found`);
  const data = validateUpdate(input, current.type, current.serverId);
  const engineErrors: Record<string, string> = {};
  checkEngine(data.type ?? current.type, data.engine ?? current.engine, engineErrors);
  if (engineErrors.engine) throw new ValidationError("Please fix the highlighted fields", engineErrors);
  return db.transaction((tx) => {
    const before = tx.select().from(targets).where(eq(targets.id, id)).get();
    if (!before) throw new NotFoundError(`Target ${id} not found`);
    const beforeDto = loadTargetDto(tx, id)!;
    const appId = data.appId ?? before.appId;
    const name = data.name ?? before.name;
    if (appId !== before.appId) assertAppExists(tx, appId, actor);
    if (appId !== before.appId || name !== before.name) assertTargetNameFree(tx, appId, name, id);
    if (data.serverId !== undefined) assertServerExists(tx, data.serverId);
    const type = data.type ?? before.type;
    const set: Partial<NewTarget> = { appId, name, type, updatedAt: new Date() };
    if (data.source) Object.assign(set, storedSource(type, data.source, before.secretEnc));
    for (const key of ["description", "compression", "engine", "pathTemplate", "storageRoot", "timeoutSeconds", "enabled", "preHook", "postHook", "meta", "serverId"] as const) {
      if (data[key] !== undefined) Object.assign(set, { [key]: data[key] });
    }
    for (const key of RETENTION_KEYS) {
      if (data.retention?.[key] !== undefined) set[key] = data.retention[key];
    }
    tx.update(targets).set(set).where(eq(targets.id, id)).run();
    applyStorageInput(tx, id, data.storage);
    // A paused target promised no backups: switched on again, its schedules expect the next slot, not the missed ones.
    if (set.enabled === true && !before.enabled) {
      tx.update(schedules).set({ enabledAt: set.updatedAt }).where(and(eq(schedules.targetId, id), eq(schedules.enabled, true))).run();
    }
    const after = loadTargetDto(tx, id)!;
    writeAudit(tx, actor, { action: "target.update", entityType: "target", entityId: id, before: beforeDto, after });
    refreshTargetStatus(id, tx);
    return after;
  });
}
