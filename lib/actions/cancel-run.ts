"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { cancelRun } from "../services/runs/cancel";

/** Cancel a queued or running run (operator+); the runner kills its process tree. */
export async function cancelRunAction(input: { runId: number }) {
  return runAction("run.cancel", z.object({ runId: z.coerce.number().int().positive() }), input, async (actor, d) => {
    await cancelRun(actor, d.runId);
    return { runId: d.runId };
  });
}
