import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { ConflictError, ValidationError } from "../../errors";
import { slotName } from "../../engine/pitr/slot";
import { now } from "../../engine/clock";
import { kickQueue } from "../../engine/queue/queue";
import { resolveTarget } from "../../engine/targets/resolve";
import { locationForTarget } from "../../engine/storage/folder-location";
import { checkPitrAccess, type PitrPreflight } from "../../engine/pitr/preflight";
import { pitrConfig, savePitrConfig } from "../../engine/pitr/config-rows";
import { queueBaseBackupIfDue } from "../../engine/pitr/base-schedule";
import { pitrTargetUrl, startTargetStream, stopTargetStream } from "../../engine/pitr/target-stream";
import { getTarget } from "../targets/get";
import { pitrInput, type PitrInput } from "./schemas";

export interface PitrSetting {
  enabled: boolean;
  baseBackupEveryHours: number;
}

export function pitrSettingOf(targetId: number): PitrSetting | null {
  const c = pitrConfig(targetId);
  return c ? { enabled: c.enabled, baseBackupEveryHours: c.baseEveryHours } : null;
}

/** The preflight's problems as one message: each with the exact statement or pg_hba line that fixes it. */
export function preflightMessage(p: PitrPreflight): string {
  return `Point-in-time recovery cannot stream from this server: ${p.problems.map((x) => `${x.message}${x.fix ? ` Fix: ${x.fix}` : ""}`).join(" ")}`;
}

/**
 * Turn PITR on or off for a postgres target (admin, like any target change). On: the preflight
 * must pass (role with REPLICATION, a pg_hba replication line, wal_level…), then the setting is
 * saved with its audit row, the slot is created, streaming starts and the first base backup is
 * queued. Off: streaming stops and the slot is dropped (stored WAL and copies stay until retention).
 */
export async function setTargetPitr(actor: Actor, targetId: number, raw: PitrInput): Promise<PitrSetting> {
  requirePermission(actor, "manage");
  const dto = getTarget(actor, targetId);
  const input = pitrInput.parse(raw);
  if (dto.type !== "postgres") throw new ValidationError("Point-in-time recovery is for PostgreSQL targets only", { pitr: "PostgreSQL targets only" });
  const before = pitrConfig(targetId);
  const { url } = pitrTargetUrl(targetId);
  if (input.enabled && !before?.enabled) {
    const pre = await checkPitrAccess(url);
    if (!pre.ok) throw new ValidationError(preflightMessage(pre), { pitr: pre.problems.map((p) => p.fix ?? p.message).join("\n") });
  }
  const at = now();
  const cfg = getDb().transaction((tx) => {
    const storageId = before?.storageId ?? locationForTarget(resolveTarget(targetId, tx).target, tx).id;
    const saved = savePitrConfig(tx, targetId, { enabled: input.enabled, baseEveryHours: input.baseBackupEveryHours, storageId }, at);
    writeAudit(tx, actor, {
      action: "target.pitr",
      entityType: "target",
      entityId: targetId,
      before: before ? { enabled: before.enabled, baseBackupEveryHours: before.baseEveryHours } : null,
      after: { enabled: saved.enabled, baseBackupEveryHours: saved.baseEveryHours },
    });
    return saved;
  });
  if (cfg.enabled) {
    // The supervisor would start it within seconds; starting here makes "on" mean streaming now.
    await startTargetStream(targetId).catch((e) => console.warn(`[lifeboat] pitr target ${targetId}: ${(e as Error).message}; the supervisor tries again`));
    if (queueBaseBackupIfDue(cfg, at) != null) kickQueue();
  } else if (before?.enabled) {
    await stopTargetStream(targetId).catch((e) => {
      throw new ConflictError(`PITR is off, but the replication slot could not be dropped (${(e as Error).message}): drop it on the server with SELECT pg_drop_replication_slot('${slotName(targetId)}');`);
    });
  }
  return { enabled: cfg.enabled, baseBackupEveryHours: cfg.baseEveryHours };
}

/** The form's "Check access" (admin): what is missing, with the fix for each. */
export async function pitrPreflight(actor: Actor, targetId: number): Promise<PitrPreflight> {
  requirePermission(actor, "manage");
  const dto = getTarget(actor, targetId);
  if (dto.type !== "postgres") throw new ValidationError("Point-in-time recovery is for PostgreSQL targets only");
  return checkPitrAccess(pitrTargetUrl(targetId).url);
}

/**
 * A target with PITR on is about to be deleted: stop streaming and drop its slot first (with the
 * target gone nothing would know the server keeps WAL for it, and an abandoned slot fills its disk).
 */
export async function dropPitrBeforeDelete(actor: Actor, targetId: number): Promise<void> {
  requirePermission(actor, "manage");
  if (!pitrConfig(targetId)?.enabled) return;
  await setTargetPitr(actor, targetId, { enabled: false });
}
