import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam } from "@/lib/api/params";
import { cancelPitrRestore } from "@/lib/services/pitr/restore";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; restoreId: string }> };

/** Cancel a queued or running point-in-time restore, or remove the private server it keeps (operator). */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const actor = authenticate(request, "restore.execute");
  const p = await params;
  const id = idParam(p.id, "Target");
  const restoreId = idParam(p.restoreId, "Point-in-time restore");
  return json({ restore: await cancelPitrRestore(actor, id, restoreId) });
});
