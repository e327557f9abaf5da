"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { getRunLog } from "../services/runs/log";

/** The next piece of a run's log plus its current status and progress (viewer+), polled by the run page. */
export async function pollRunLogAction(input: { runId: number; fromByte: number }) {
  const schema = z.object({ runId: z.coerce.number().int().positive(), fromByte: z.coerce.number().int().min(0) });
  return runAction("read", schema, input, (actor, d) => getRunLog(actor, d.runId, d.fromByte));
}
