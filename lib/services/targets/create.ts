import crypto from "node:crypto";
import { getDb } from "../../db/client";
import { targets } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { DEFAULT_KEEP_DAYS, type CreateTargetInput } from "./schemas";
import { validateCreate } from "./validate";
import { storedSource } from "../../engine/targets/stored-source";
import { loadTargetDto } from "./row-query";
import { assertAppExists, assertServerExists, assertTargetNameFree } from "./name-taken";
import type { TargetDto } from "./dto";
import { applyStorageInput } from "./storage-input";
import { refreshTargetStatus } from "../../engine/status/stored";

export function newPingKey(): string {
  return crypto.randomBytes(18).toString("base64url");
}

export function createTarget(actor: Actor, input: CreateTargetInput): TargetDto {
  requirePermission(actor, "manage");
  // Checks that touch the disk run before the transaction: it must stay short and synchronous.
  const data = validateCreate(input);
  const { source, secretEnc } = storedSource(data.type, data.source, null);
  const r = data.retention ?? {};
  return getDb().transaction((tx) => {
    assertAppExists(tx, data.appId, actor);
    assertTargetNameFree(tx, data.appId, data.name);
    assertServerExists(tx, data.serverId);
    const row = tx
      .insert(targets)
      .values({
        appId: data.appId,
        name: data.name,
        description: data.description ?? null,
        type: data.type,
        source,
        secretEnc,
        compression: data.compression,
        engine: data.engine,
        pathTemplate: data.pathTemplate,
        storageRoot: data.storageRoot ?? null,
        keepDays: r.keepDays === undefined ? DEFAULT_KEEP_DAYS : r.keepDays,
        keepLast: r.keepLast ?? null,
        keepHourly: r.keepHourly ?? null,
        keepDaily: r.keepDaily ?? null,
        keepWeekly: r.keepWeekly ?? null,
        keepMonthly: r.keepMonthly ?? null,
        keepYearly: r.keepYearly ?? null,
        ...(data.timeoutSeconds !== undefined ? { timeoutSeconds: data.timeoutSeconds } : {}),
        enabled: data.enabled,
        preHook: data.preHook ?? null,
        postHook: data.postHook ?? null,
        meta: data.meta ?? {},
        serverId: data.serverId ?? null,
        pingKey: newPingKey(),
      })
      .returning({ id: targets.id })
      .get();
    applyStorageInput(tx, row.id, data.storage);
    const dto = loadTargetDto(tx, row.id)!;
    writeAudit(tx, actor, { action: "target.create", entityType: "target", entityId: row.id, after: dto });
    refreshTargetStatus(row.id, tx);
    return dto;
  });
}
