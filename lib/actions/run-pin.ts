"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "./safe-action";
import { setRunPinned } from "../services/retention/pin";

const input = z.object({
  runId: z.coerce.number().int().positive(),
  pinned: z.boolean(),
  until: z.iso.datetime({ offset: true }).nullish(),
});

/** Pin or unpin a run's artifact so retention never deletes it (operator+). */
export async function pinRunAction(raw: unknown) {
  const r = await runAction("run.pin", input, raw, (actor, d) => setRunPinned(actor, d.runId, d.pinned, d.until ? new Date(d.until) : null));
  if (r.ok) {
    revalidatePath(`/runs/${r.data.id}`);
    revalidatePath("/targets");
  }
  return r;
}
