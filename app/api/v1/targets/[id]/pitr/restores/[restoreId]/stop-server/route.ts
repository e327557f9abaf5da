import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam } from "@/lib/api/params";
import { stopPitrServer } from "@/lib/services/pitr/restore";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; restoreId: string }> };

/** Stop the private server a finished point-in-time restore keeps for inspection, now (operator); 409 when none runs. */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const actor = authenticate(request, "restore.execute");
  const p = await params;
  const id = idParam(p.id, "Target");
  const restoreId = idParam(p.restoreId, "Point-in-time restore");
  return json({ restore: await stopPitrServer(actor, id, restoreId) });
});
