"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { pitrPreflight, setTargetPitr } from "../services/pitr/set-pitr";
import { startPitrRestore } from "../services/pitr/restore";

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
export async function pitrRestoreAction(input: { targetId: number; targetTime: string; destination: "new" | "original"; database?: string; confirm: string }) {
  const shape = z.object({ targetId, targetTime: z.string(), destination: z.enum(["new", "original"]), database: z.string().optional(), confirm: z.string() });
  return runAction("restore.execute", shape, input, (actor, d) =>
    startPitrRestore(actor, d.targetId, { targetTime: d.targetTime, destination: d.destination === "original" ? "original" : { database: d.database ?? "" }, confirm: d.confirm }),
  );
}
