import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { apiRestoreBody, RESTORE_FIELD_NAMES, toDestinationInput } from "@/lib/api/restore-input";
import { withApiFieldNamesAsync } from "@/lib/api/field-names";
import { getRun } from "@/lib/services/runs/get";
import { startRestore } from "@/lib/services/restores/create";

export const dynamic = "force-dynamic";

/**
 * Restore this run's artifact (operator; the service refuses what needs an admin with 403) →
 * 202; follow it with GET /api/v1/restores/{id}.
 */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "restore.execute");
  const id = idParam((await params).id, "Run");
  const body = await readJson(request, apiRestoreBody);
  const run = getRun(actor, id);
  const restore = await withApiFieldNamesAsync(RESTORE_FIELD_NAMES, () =>
    startRestore(actor, {
      runId: id,
      destination: toDestinationInput(body.destination, run.targetType),
      confirmName: body.confirm,
      override: body.overrideSafety,
      overrideConfirm: body.overrideSafety ? body.confirm : undefined,
      include: body.include,
      storage: body.storage,
    }),
  );
  return json({ restore: { id: restore.id, status: restore.status } }, 202);
});
