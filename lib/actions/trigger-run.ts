"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { enqueueRun } from "../services/runs/trigger";

/** "Back up now": queue a manual run of one target (operator+). */
export async function triggerRunAction(input: { targetId: number }) {
  return runAction("run.trigger", z.object({ targetId: z.coerce.number().int().positive() }), input, async (actor, d) => {
    const run = await enqueueRun(actor, d.targetId);
    return { id: run.id, status: run.status };
  });
}
