"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/safe-action";
import { createSchedule, deleteSchedule, setScheduleEnabled, updateSchedule } from "@/lib/services/schedules/save";
import { previewRule, type RulePreview } from "@/lib/services/schedules/preview";
import { enqueueRun } from "@/lib/services/runs/trigger";

// Bodies are checked field by field in the service (errors beside each field); here only the shape.
const body = z.record(z.string(), z.unknown(), "Expected an object");
const idInput = z.object({ id: z.coerce.number().int().positive() });

function refresh(targetId?: number) {
  revalidatePath("/schedules");
  if (targetId) revalidatePath(`/targets/${targetId}`);
}

/** The rule in words and its next 5 times, live while the form is typed in. */
export async function previewRuleAction(input: unknown) {
  return runAction("read", body, input, (_actor, data): RulePreview => previewRule(data));
}

export async function createScheduleAction(input: unknown) {
  const r = await runAction("manage", body, input, (actor, data) => {
    const s = createSchedule(actor, data);
    return { id: s.id, targetId: s.targetId };
  });
  if (r.ok) refresh(r.data.targetId);
  return r;
}

export async function updateScheduleAction(input: unknown) {
  const r = await runAction("manage", body.and(idInput), input, (actor, data) => {
    const s = updateSchedule(actor, data.id, data);
    return { id: s.id, targetId: s.targetId };
  });
  if (r.ok) refresh(r.data.targetId);
  return r;
}

export async function toggleScheduleAction(input: unknown) {
  const r = await runAction("schedule.toggle", idInput.extend({ enabled: z.boolean() }), input, (actor, { id, enabled }) => {
    const s = setScheduleEnabled(actor, id, enabled);
    return { id: s.id, targetId: s.targetId, enabled: s.enabled };
  });
  if (r.ok) refresh(r.data.targetId);
  return r;
}

export async function deleteScheduleAction(input: unknown) {
  const r = await runAction("manage", idInput, input, (actor, { id }) => deleteSchedule(actor, id));
  if (r.ok) refresh();
  return r;
}

/** "Run now" on a schedule row: a manual backup of its target (operator+). */
export async function runNowAction(input: unknown) {
  const r = await runAction("run.trigger", z.object({ targetId: z.coerce.number().int().positive() }), input, (actor, { targetId }) =>
    enqueueRun(actor, targetId, { trigger: "manual" }),
  );
  if (r.ok) refresh();
  return r;
}
