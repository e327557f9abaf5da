"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { createToken } from "@/lib/services/tokens/create";
import { revokeToken } from "@/lib/services/tokens/revoke";
import { createTokenInput } from "@/lib/services/tokens/schemas";

export type CreateTokenState = ActionResult<{ token: string; name: string }> | null;

export async function createTokenAction(_prev: CreateTokenState, form: FormData): Promise<CreateTokenState> {
  const input = {
    name: form.get("name"),
    role: form.get("role"),
    expiresAt: form.get("expiresAt") || null,
    appIds: form.getAll("appIds").map(String),
  };
  const result = await runAction("manage", createTokenInput, input, (actor, data) => {
    const { token, info } = createToken(actor, data);
    return { token, name: info.name };
  });
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}

export async function revokeTokenAction(id: number): Promise<ActionResult<null>> {
  const result = await runAction("manage", z.object({ id: z.number().int().positive() }), { id }, (actor, data) => {
    revokeToken(actor, data.id);
    return null;
  });
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}
