import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiRestore } from "@/lib/api/restore-shape";
import { cancelRestoreService } from "@/lib/services/restores/cancel";

export const dynamic = "force-dynamic";

/** Cancel a queued or running restore (operator) → 200 once it ended, 202 while it is still stopping. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "restore.execute");
  const id = idParam((await params).id, "Restore");
  const r = await cancelRestoreService(actor, id);
  return json({ restore: toApiRestore(r) }, r.status === "queued" || r.status === "running" ? 202 : 200);
});
