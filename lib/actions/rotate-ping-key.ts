"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "./safe-action";
import { rotatePingKey } from "../services/reports/ping-key";

/** Create or replace a target's ping key (admin): the old ping URLs stop working at once. */
export async function rotatePingKeyAction(input: { targetId: number }) {
  const result = await runAction("manage", z.object({ targetId: z.coerce.number().int().positive() }), input, (actor, d) => {
    rotatePingKey(actor, d.targetId);
    return null;
  });
  if (result.ok) revalidatePath(`/targets/${input.targetId}`);
  return result;
}
