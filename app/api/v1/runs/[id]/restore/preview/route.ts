import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { apiPreviewBody, RESTORE_FIELD_NAMES, toDestinationInput } from "@/lib/api/restore-input";
import { toApiPreview } from "@/lib/api/restore-shape";
import { withApiFieldNamesAsync } from "@/lib/api/field-names";
import { getRun } from "@/lib/services/runs/get";
import { getRestorePreview } from "@/lib/services/restores/preview";

export const dynamic = "force-dynamic";

/** What a restore of this run would do (operator): read-only; problems come back as warnings. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "restore.execute");
  const id = idParam((await params).id, "Run");
  const body = await readJson(request, apiPreviewBody);
  const run = getRun(actor, id);
  const preview = await withApiFieldNamesAsync(RESTORE_FIELD_NAMES, () => getRestorePreview(actor, id, toDestinationInput(body.destination, run.targetType), { storageId: body.storage }));
  return json({ preview: toApiPreview(preview) });
});
