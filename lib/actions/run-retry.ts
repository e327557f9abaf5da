"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "./safe-action";
import { retryRun } from "../services/runs/retry";

/** "Retry" on a failed run (operator+). */
export async function retryRunAction(input: unknown) {
  const r = await runAction("run.trigger", z.object({ runId: z.coerce.number().int().positive() }), input, (actor, { runId }) => retryRun(actor, runId));
  if (r.ok) revalidatePath("/runs");
  return r;
}
