import { hasRestoreLogin } from "../../engine/targets/source-input";
import { z } from "zod";
import { getDb } from "../../db/client";
import { restores } from "../../db/schema";
import { writeAudit } from "../../audit/write";
import { actorId, requirePermission, type Actor } from "../../auth/actor";
import { ForbiddenError, ValidationError } from "../../errors";
import { snapshotPath } from "../../engine/restic/ls";
import { maskUrlPassword } from "../../audit/redact";
import { loadRunForActor } from "../runs/get";
import { resolveTarget } from "../../engine/targets/resolve";
import { destinationInput, describeDestination, resolveDestination, type Resolved } from "../../engine/restore/destination";
import { probeDestination } from "../../engine/restore/probe";
import { submitRestore } from "../../engine/restores/submit";
import { assertRestorableArtifact } from "../../engine/restore/paths";
import { SourceChoiceError } from "../../engine/copies/artifact-sources";
import { restoreUrlFor } from "../../engine/restore/restore-login";
import { assertMayRestoreRun } from "./upload-rights";
import { getRestore } from "./query";
import { assertTargetIdle } from "../../engine/restores/queue";
import type { RestoreDto } from "./dto";

export const startRestoreInput = z.object({
  runId: z.coerce.number().int().positive(),
  destination: destinationInput,
  /** The target's name, typed by the user to confirm. */
  confirmName: z.string(),
  /** Admin only: go on even if the safety backup fails; needs the name typed again. */
  override: z.boolean().optional(),
  overrideConfirm: z.string().optional(),
  /** A restic run: restore only these paths of its snapshot, e.g. ["/cam1/2026-12-01"] (issue 14). */
  include: z.array(z.string().min(1).max(4096)).max(100).optional(),
  /** Read the artifact from this storage location (the primary's or one of its copies) instead of the nearest healthy one. */
  storage: z.coerce.number().int().positive().optional(),
});
export type StartRestoreInput = z.input<typeof startRestoreInput>;

/** Where the restore reads (assertRestorableArtifact); a source the user chose that cannot be read is a 400 on `storage`. */
async function restorableSource(run: Parameters<typeof assertRestorableArtifact>[0], storageId: number | undefined): Promise<void> {
  try {
    await assertRestorableArtifact(run, storageId);
  } catch (e) {
    if (e instanceof SourceChoiceError) throw new ValidationError(e.message, { storage: e.message });
    throw e;
  }
}

/** Stored form of the destination: the input without any password, plus a label. */
function storedDestination(input: z.infer<typeof destinationInput>, d: Resolved): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input, label: describeDestination(d) };
  if (typeof out.url === "string") out.url = maskUrlPassword(out.url);
  return out;
}

/**
 * Queue a restore of a run's artifact and start it in the background (operator+). The user typed
 * the target's name; an alternate destination must be absent or empty (nothing there to lose, so
 * no safety backup); the target must have no backup or restore going on.
 */
export async function startRestore(actor: Actor, raw: StartRestoreInput): Promise<RestoreDto> {
  requirePermission(actor, "restore.execute");
  const input = startRestoreInput.parse(raw);
  const { run } = loadRunForActor(actor, input.runId);
  const { target, source } = resolveTarget(run.targetId);
  assertMayRestoreRun(actor, run, target);
  if (input.confirmName.trim() !== target.name) {
    throw new ValidationError(`Type the target's name (${target.name}) to confirm`, { confirmName: `Type "${target.name}" exactly` });
  }
  if (input.override) {
    if (actor.role !== "admin") throw new ForbiddenError("Only an admin may override the safety backup");
    if ((input.overrideConfirm ?? "").trim() !== target.name) {
      throw new ValidationError(`Type the target's name (${target.name}) to override the safety backup`, {
        overrideConfirm: `Type "${target.name}" exactly`,
      });
    }
  }
  const include = input.include?.length ? input.include : undefined;
  if (run.snapshot) {
    // The chosen repository (the primary's or a copy location's), else the primary's snapshot,
    // else a healthy restic copy of it when it was forgotten there.
    await restorableSource(run, input.storage);
    if (include) {
      for (const p of include) {
        try {
          snapshotPath(p);
        } catch (e) {
          throw new ValidationError((e as Error).message, { include: (e as Error).message });
        }
      }
    }
  } else {
    if (include) throw new ValidationError("include selects paths of a restic snapshot; this run is an archive (restore all of it)", { include: "Only for restic runs" });
    // The chosen source, else the primary, else a healthy copy when the primary is pruned or missing.
    await restorableSource(run, input.storage);
  }
  let dest = resolveDestination(target, source, input.destination);
  if (hasRestoreLogin(target.type) && dest.url) dest = { ...dest, ...restoreUrlFor(run, target, dest.url) };
  if (!dest.original && dest.kind !== "rdb_file") {
    const now = await probeDestination(dest);
    if (now.error) throw new ValidationError(`The destination cannot be inspected: ${now.error}`);
    if (!now.empty) {
      throw new ValidationError(
        "The alternate destination already holds data. Choose one that does not exist yet or is empty (only the original gets a safety backup).",
        { destination: "Not empty" },
      );
    }
  }
  const id = getDb().transaction((tx) => {
    assertTargetIdle(tx, target.id);
    const row = tx
      .insert(restores)
      .values({
        runId: run.id,
        targetId: target.id,
        kind: "restore",
        destination: { ...storedDestination(input.destination, dest), ...(include ? { include } : {}), ...(input.storage != null ? { storage: input.storage } : {}) },
        status: "queued",
        safetyOverride: !!input.override,
        userId: actor.type === "user" ? actorId(actor) : null,
        queuedAt: new Date(),
      })
      .returning()
      .get();
    const after = { runId: run.id, targetId: target.id, destination: row.destination, safetyOverride: row.safetyOverride };
    writeAudit(tx, actor, { action: "restore.execute", entityType: "restore", entityId: row.id, after });
    if (input.override) writeAudit(tx, actor, { action: "restore.override", entityType: "restore", entityId: row.id, after });
    return row.id;
  });
  // Queued (restores go first), then run in the background: the status page follows it. Errors end up on the row, not here.
  submitRestore(id, { requestedBy: actor, dest, override: !!input.override, include, storageId: input.storage });
  return getRestore(actor, id);
}
