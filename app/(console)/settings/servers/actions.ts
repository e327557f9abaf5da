"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { createServerInput, serverIdInput, updateServerInput } from "@/lib/services/servers/schemas";
import { createServer } from "@/lib/services/servers/create";
import { updateServer } from "@/lib/services/servers/update";
import { deleteServer } from "@/lib/services/servers/delete";
import { checkServer } from "@/lib/services/servers/check";
import { adoptDockerInput, adoptDockerProposals } from "@/lib/services/servers/docker";

const PAGE = "/settings/servers";

/**
 * Add a server (admin), then connect once: the answer carries the host key to confirm
 * (`seenHostKey`), or the tools found. Nothing runs on it before its key is pinned.
 */
export async function createServerAction(input: unknown) {
  const r = await runAction("manage", createServerInput, input, async (actor, data) => checkServer(actor, createServer(actor, data).id!));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** Change a server (a new key or password replaces the stored one; `hostKeyFingerprint` pins the key), then check it. */
export async function updateServerAction(id: number, input: unknown) {
  const given = typeof input === "object" && input !== null ? input : {};
  const r = await runAction("manage", updateServerInput, { ...given, id }, async (actor, data) => {
    updateServer(actor, data);
    return checkServer(actor, data.id);
  });
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** The Check button: reachable, tools with versions, free disk. */
export async function checkServerAction(id: number) {
  const r = await runAction("manage", serverIdInput, { id }, (actor, data) => checkServer(actor, data.id));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** Refused (with the count) while targets still run on the server. */
export async function deleteServerAction(id: number) {
  const r = await runAction("manage", serverIdInput, { id }, (actor, data) => deleteServer(actor, data.id));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** Docker discovery's "Create targets": the chosen proposals, asked of the server again. */
export async function adoptDockerAction(id: number, keys: string[]) {
  const r = await runAction("manage", adoptDockerInput, { id, keys }, (actor, data) => adoptDockerProposals(actor, data));
  if (r.ok) {
    revalidatePath(`${PAGE}/${id}/docker`);
    revalidatePath("/targets");
  }
  return r;
}
