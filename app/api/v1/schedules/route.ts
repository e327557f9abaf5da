import { z } from "zod";
import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { toApiSchedule } from "@/lib/api/schedule-shape";
import { apiScheduleCreate, SCHEDULE_FIELD_NAMES, toServiceInput } from "@/lib/api/schedule-input";
import { withApiFieldNames } from "@/lib/api/field-names";
import { getSchedule, listSchedules } from "@/lib/services/schedules/list";
import { createSchedule } from "@/lib/services/schedules/save";
import { getTarget } from "@/lib/services/targets/get";

export const dynamic = "force-dynamic";

const query = z.object({
  targetId: z.coerce.number("targetId must be a number").int().positive("targetId must be a positive id").optional(),
});

/** Schedules (viewer), optionally of one target. */
export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  const q = query.parse({ targetId: new URL(request.url).searchParams.get("targetId") ?? undefined });
  if (q.targetId) getTarget(actor, q.targetId); // 404 for a missing target or one outside the token's apps
  return json({ schedules: listSchedules(actor, { targetId: q.targetId }).map(toApiSchedule) });
});

/** Create a schedule (admin) → 201. */
export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const body = await readJson(request, apiScheduleCreate);
  const row = withApiFieldNames(SCHEDULE_FIELD_NAMES, () => createSchedule(actor, toServiceInput(body)));
  return json({ schedule: toApiSchedule(getSchedule(actor, row.id)) }, 201);
});
