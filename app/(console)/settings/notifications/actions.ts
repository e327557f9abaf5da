"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { z } from "zod";
import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { channelInput, updateChannelInput } from "@/lib/services/channels/schemas";
import { createChannel } from "@/lib/services/channels/create";
import { updateChannel, setChannelEnabled } from "@/lib/services/channels/update";
import { deleteChannel } from "@/lib/services/channels/delete";
import { sendTestMessage, type TestSendResult } from "@/lib/services/channels/send-test";
import { generateMetricsToken, removeMetricsToken, setMetricsEnabled, type MetricsSettingsDto } from "@/lib/metrics/settings";
import { publicBaseUrl } from "@/lib/http/public-url";
import { channelInputFromForm, secretFieldNames } from "./form-input";

const PAGE = "/settings/notifications";
const idInput = z.object({ id: z.number().int().positive() });

export type SaveChannelState = { error: string; fieldErrors?: Record<string, string>; values: Record<string, unknown> } | null;

/** Creates (no id) or updates a channel, then returns to the list. */
export async function saveChannelAction(_prev: SaveChannelState, form: FormData): Promise<SaveChannelState> {
  const id = Number(form.get("id") || 0);
  const input = channelInputFromForm(form);
  const result = id
    ? await runAction("manage", updateChannelInput, { ...input, id }, (actor, data) => updateChannel(actor, data))
    : await runAction("manage", channelInput, input, (actor, data) => createChannel(actor, data));
  if (!result.ok) {
    // Secrets are not echoed back into the form.
    const values = { ...input };
    for (const k of secretFieldNames(input.type)) delete values[k];
    return { error: result.error, fieldErrors: result.fieldErrors, values };
  }
  revalidatePath(PAGE);
  redirect(`${PAGE}?saved=${encodeURIComponent(result.data.name)}`);
}

export async function sendTestAction(id: number): Promise<ActionResult<TestSendResult>> {
  const base = publicBaseUrl(await headers());
  const result = await runAction("manage", idInput, { id }, (actor, data) => sendTestMessage(actor, data.id, new Date(), base));
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function setChannelEnabledAction(id: number, enabled: boolean): Promise<ActionResult<null>> {
  const result = await runAction("manage", idInput.extend({ enabled: z.boolean() }), { id, enabled }, (actor, data) => {
    setChannelEnabled(actor, data.id, data.enabled);
    return null;
  });
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function deleteChannelAction(id: number): Promise<ActionResult<null>> {
  const result = await runAction("manage", idInput, { id }, (actor, data) => {
    deleteChannel(actor, data.id);
    return null;
  });
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function setMetricsEnabledAction(enabled: boolean): Promise<ActionResult<MetricsSettingsDto>> {
  const result = await runAction("manage", z.object({ enabled: z.boolean() }), { enabled }, (actor, data) =>
    setMetricsEnabled(actor, data.enabled),
  );
  if (result.ok) revalidatePath(PAGE);
  return result;
}

/** The token is in this response only; the server keeps its sha256. */
export async function generateMetricsTokenAction(): Promise<ActionResult<{ token: string }>> {
  const result = await runAction("manage", z.object({}), {}, (actor) => ({ token: generateMetricsToken(actor).token }));
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function removeMetricsTokenAction(): Promise<ActionResult<MetricsSettingsDto>> {
  const result = await runAction("manage", z.object({}), {}, (actor) => removeMetricsToken(actor));
  if (result.ok) revalidatePath(PAGE);
  return result;
}
