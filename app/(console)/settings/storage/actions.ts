"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction } from "@/lib/actions/safe-action";
import { storageCreateInput, storagePatchInput } from "@/lib/services/storage-locations/schemas";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { updateStorageLocation } from "@/lib/services/storage-locations/update";
import { deleteStorageLocation } from "@/lib/services/storage-locations/delete";
import { testStorageLocation } from "@/lib/services/storage-locations/test-location";
import { ValidationError } from "@/lib/errors";
import { exportRecoveryKit } from "@/lib/services/recovery-kit/export";
import { revealResticPassword } from "@/lib/services/restic/repo-password";
import { setUpSelfBackup } from "@/lib/services/self-backup/setup";
import { rescanLocation } from "@/lib/services/storage-locations/rescan";

const PAGE = "/settings/storage";
const idInput = z.object({ id: z.number().int().positive() });

/** Add a location (admin). An SFTP host key to confirm comes back as fieldErrors["settings.hostKeyFingerprint"]. */
export async function createStorageAction(input: unknown) {
  const r = await runAction("manage", storageCreateInput, input, (actor, data) => createStorageLocation(actor, data));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

export async function updateStorageAction(id: number, input: unknown) {
  const r = await runAction("manage", storagePatchInput, input, (actor, data) => updateStorageLocation(actor, id, data));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

export async function deleteStorageAction(id: number) {
  const r = await runAction("manage", idInput, { id }, (actor, data) => deleteStorageLocation(actor, data.id));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** The Test button: latency, or the cause in words (with the fingerprint of an unconfirmed host key). */
export async function testStorageAction(id: number) {
  return runAction("manage", idInput, { id }, async (actor, data) => {
    try {
      return { ok: true as const, latencyMs: (await testStorageLocation(actor, data.id)).latencyMs };
    } catch (e) {
      if (e instanceof ValidationError) return { ok: false as const, error: e.message, details: e.fieldErrors };
      throw e;
    }
  });
}

/** The recovery kit file, after the admin typed their password again (the service checks it). */
export async function downloadRecoveryKitAction(password: string) {
  const r = await runAction("manage", z.object({ password: z.string().min(1, "Type your password") }), { password }, (actor, data) => exportRecoveryKit(actor, data));
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

/** A restic repository's password, shown once for printing, after the admin typed their password again. */
export async function revealResticPasswordAction(storageId: number, password: string) {
  const r = await runAction(
    "manage",
    z.object({ storageId: z.number().int().positive(), password: z.string().min(1, "Type your password") }),
    { storageId, password },
    (actor, data) => revealResticPassword(actor, data.storageId, data.password),
  );
  // No revalidation: a fresh render would drop the card, and the password with it, before it is read.
  return r;
}

/** Set up the built-in "Lifeboat console" target with its daily schedule (once). */
export async function setUpSelfBackupAction() {
  const r = await runAction("manage", z.object({}), {}, (actor) => setUpSelfBackup(actor));
  if (r.ok) revalidatePath(PAGE);
  return r;
}

/** Rescan: register the artifacts found in the location as runs. */
export async function rescanStorageAction(id: number) {
  const r = await runAction("manage", idInput, { id }, (actor, data) => rescanLocation(actor, data.id));
  if (r.ok) revalidatePath(PAGE);
  return r;
}
