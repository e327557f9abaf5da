"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { deleteOrphan } from "@/lib/services/storage/orphans";

/** Delete a file that belongs to no target any more (admin; the service checks again). */
export async function deleteOrphanAction(input: unknown) {
  const r = await runAction("manage", z.object({ id: z.coerce.number().int().positive() }), input, (actor, { id }) => deleteOrphan(actor, id));
  if (r.ok) {
    revalidatePath("/storage");
    revalidatePath("/");
  }
  return r;
}
