"use server";

import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { startRestore, startRestoreInput } from "@/lib/services/restores/create";
import { startTestRestore } from "@/lib/services/restores/start-test";
import { verifyRun, type VerifyRunResult } from "@/lib/services/restores/verify-run";
import { cancelRestoreService } from "@/lib/services/restores/cancel";

const runIdInput = z.object({ runId: z.coerce.number().int().positive() });

/** Check a run's artifact against its sha256 (operator+). */
export async function verifyRunAction(input: { runId: number }): Promise<ActionResult<VerifyRunResult>> {
  return runAction("restore.execute", runIdInput, input, (actor, d) => verifyRun(actor, d.runId));
}

/** "Verify by restoring": a test restore into a scratch place (operator+). Returns the restore id. */
export async function startTestRestoreAction(input: { runId: number }): Promise<ActionResult<{ id: number }>> {
  return runAction("restore.execute", runIdInput, input, (actor, d) => ({ id: startTestRestore(actor, d.runId).id }));
}

/** Restore a run's artifact (operator+; the target's name typed to confirm). Returns the restore id. */
export async function startRestoreAction(input: z.input<typeof startRestoreInput>): Promise<ActionResult<{ id: number }>> {
  return runAction("restore.execute", startRestoreInput, input, async (actor, d) => ({ id: (await startRestore(actor, d)).id }));
}

/** Cancel a queued or running restore or test restore (operator+); waits briefly for it to stop. */
export async function cancelRestoreAction(input: { restoreId: number }): Promise<ActionResult<{ id: number; status: string }>> {
  const schema = z.object({ restoreId: z.coerce.number().int().positive() });
  return runAction("restore.execute", schema, input, async (actor, d) => {
    const r = await cancelRestoreService(actor, d.restoreId, 15_000);
    return { id: r.id, status: r.status };
  });
}
