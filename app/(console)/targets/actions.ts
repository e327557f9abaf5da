"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { createTarget } from "@/lib/services/targets/create";
import { updateTarget } from "@/lib/services/targets/update";
import { deleteTarget } from "@/lib/services/targets/delete";
import { dropPitrBeforeDelete } from "@/lib/services/pitr/set-pitr";
import { testConnectionInput, testTargetConnection } from "@/lib/services/targets/test-connection";
import { targetIdInput, type CreateTargetInput, type UpdateTargetInput } from "@/lib/services/targets/schemas";

// The body's shape depends on its type and on this machine (folders, scripts): the service
// validates it fully and returns errors per field, so the action only checks it is an object.
const body = z.record(z.string(), z.unknown(), "Expected an object");

export async function createTargetAction(input: unknown) {
  const r = await runAction("manage", body, input, (actor, data) => createTarget(actor, data as CreateTargetInput));
  if (r.ok) revalidatePath("/targets");
  return r;
}

export async function updateTargetAction(input: unknown) {
  const r = await runAction("manage", body.and(targetIdInput), input, (actor, data) => updateTarget(actor, data as UpdateTargetInput));
  if (r.ok) revalidatePath("/targets");
  return r;
}

const deleteInput = targetIdInput.extend({ deleteArtifacts: z.boolean().default(false) });

export async function deleteTargetAction(input: unknown) {
  const r = await runAction("manage", deleteInput, input, async (actor, { id, deleteArtifacts }) => {
    // A slot left on the server after its target is gone would keep WAL forever.
    await dropPitrBeforeDelete(actor, id);
    return deleteTarget(actor, id, { deleteArtifacts });
  });
  if (r.ok) revalidatePath("/targets");
  return r;
}

/** "Test connection" on the form: nothing is saved; admins only, like saving. */
export async function testConnectionAction(input: unknown) {
  return runAction("manage", testConnectionInput, input, (actor, data) => testTargetConnection(actor, data));
}
