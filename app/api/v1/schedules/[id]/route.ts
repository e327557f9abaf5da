import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiSchedule } from "@/lib/api/schedule-shape";
import { apiSchedulePatch, SCHEDULE_FIELD_NAMES, toServiceInput } from "@/lib/api/schedule-input";
import { withApiFieldNames } from "@/lib/api/field-names";
import { getSchedule } from "@/lib/services/schedules/list";
import { patchSchedule } from "@/lib/services/schedules/patch";
import { deleteSchedule } from "@/lib/services/schedules/save";

export const dynamic = "force-dynamic";

/** Change a schedule: `{ "enabled" }` alone needs an operator (as the UI's switch), anything else an admin. */
export const PATCH = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "schedule.toggle");
  const id = idParam((await params).id, "Schedule");
  const body = await readJson(request, apiSchedulePatch);
  withApiFieldNames(SCHEDULE_FIELD_NAMES, () => patchSchedule(actor, id, toServiceInput(body)));
  return json({ schedule: toApiSchedule(getSchedule(actor, id)) });
});

/** Delete a schedule (admin) → 204; its runs keep their rows. */
export const DELETE = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Schedule");
  deleteSchedule(actor, id);
  return new Response(null, { status: 204 });
});
