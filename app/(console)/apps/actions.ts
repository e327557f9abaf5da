"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { createApp } from "@/lib/services/apps/create";
import { updateApp } from "@/lib/services/apps/update";
import { deleteApp } from "@/lib/services/apps/delete";
import { appIdInput, createAppInput, updateAppInput } from "@/lib/services/apps/schemas";

// Thin actions: runAction checks the session and the role; the services check the role again.

export async function createAppAction(input: unknown) {
  const r = await runAction("manage", createAppInput, input, (actor, data) => createApp(actor, data));
  if (r.ok) revalidatePath("/apps");
  return r;
}

export async function updateAppAction(input: unknown) {
  const r = await runAction("manage", updateAppInput, input, (actor, data) => updateApp(actor, data));
  if (r.ok) revalidatePath("/apps");
  return r;
}

const deleteInput = appIdInput.extend({ deleteArtifacts: z.boolean().default(false) });

export async function deleteAppAction(input: unknown) {
  const r = await runAction("manage", deleteInput, input, (actor, { id, deleteArtifacts }) => deleteApp(actor, id, { deleteArtifacts }));
  if (r.ok) {
    revalidatePath("/apps");
    revalidatePath("/targets");
  }
  return r;
}
