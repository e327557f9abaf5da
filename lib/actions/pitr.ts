"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { pitrPreflight, setTargetPitr } from "../services/pitr/set-pitr";
import { startPitrRestore, stopPitrServer } from "../services/pitr/restore";

const targetId = z.coerce.number().int().positive();

/** "Check access": what the server lacks for streaming, with the fix for each (admin). */
export async function pitrPreflightAction(input: { targetId: number }) {
  return runAction("manage", z.object({ targetId }), input, async (actor, d) => {
    const p = await pitrPreflight(actor, d.targetId);
    return { ok: p.ok, role: p.role, problems: p.problems.map((x) => ({ message: x.message, fix: x.fix ?? null })) };
  });
}

/** Turn point-in-time recovery on or off (admin). */
export async function setPitrAction(input: { targetId: number; enabled: boolean }) {
  return runAction("manage", z.object({ targetId, enabled: z.boolean() }), input, (actor, d) => setTargetPitr(actor, d.targetId, { enabled: d.enabled }));
}

/** Restore to a point in time into a new database, or over the original after a safety backup (operator). */
export async function pitrRestoreAction(input: {
  targetId: number;
  targetTime: string;
  destination: "new" | "original";
  database?: string;
  confirm: string;
  keepServerMinutes?: number;
  overrideSafety?: boolean;
  /** Read from this storage location (a copy location) instead of the nearest that has everything. */
  storage?: number;
}) {
  const shape = z.object({
    targetId,
    targetTime: z.string(),
    destination: z.enum(["new", "original"]),
    database: z.string().optional(),
    confirm: z.string(),
    keepServerMinutes: z.number().int().min(0).max(1440).optional(),
    overrideSafety: z.boolean().optional(),
    storage: z.number().int().positive().optional(),
  });
  return runAction("restore.execute", shape, input, (actor, d) =>
    startPitrRestore(actor, d.targetId, {
      targetTime: d.targetTime,
      destination: d.destination === "original" ? "original" : { database: d.database ?? "" },
      confirm: d.confirm,
      keepServerMinutes: d.keepServerMinutes,
      // The service refuses it for a non-admin (ForbiddenError) and for a new database.
      overrideSafety: d.overrideSafety,
      storage: d.storage,
    }),
  );
}

/** "Stop server now": the private server a point-in-time restore keeps for inspection (operator). */
export async function stopPitrServerAction(input: { targetId: number; restoreId: number }) {
  return runAction("restore.execute", z.object({ targetId, restoreId: targetId }), input, async (actor, d) => {
    const r = await stopPitrServer(actor, d.targetId, d.restoreId);
    return { id: r.id, running: r.server?.running ?? false };
  });
}
