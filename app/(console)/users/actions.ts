"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { createUser } from "@/lib/services/users/create";
import { deleteUser, updateUser } from "@/lib/services/users/update";
import { createUserInput, updateUserInput } from "@/lib/services/users/schemas";
import { resetTwoFactor } from "@/lib/services/two-factor/reset";
import { z } from "zod";

const idInput = z.object({ id: z.coerce.number().int().positive() });

export async function createUserAction(input: unknown) {
  const r = await runAction("manage", createUserInput, input, (actor, data) => createUser(actor, data));
  if (r.ok) revalidatePath("/users");
  return r;
}

/** Role, disabled flag or a new password (an admin's reset). */
export async function updateUserAction(input: unknown) {
  const r = await runAction("manage", updateUserInput, input, (actor, data) => updateUser(actor, data));
  if (r.ok) revalidatePath("/users");
  return r;
}

export async function deleteUserAction(input: unknown) {
  const r = await runAction("manage", idInput, input, (actor, { id }) => deleteUser(actor, id));
  if (r.ok) revalidatePath("/users");
  return r;
}

/** Remove a user's second factors (lost phone): audited; they set up again at their next sign-in. */
export async function resetTwoFactorAction(input: unknown) {
  const r = await runAction("manage", idInput, input, (actor, { id }) => resetTwoFactor(actor, id));
  if (r.ok) revalidatePath("/users");
  return r;
}
