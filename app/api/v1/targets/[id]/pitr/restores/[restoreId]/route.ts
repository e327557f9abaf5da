import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam } from "@/lib/api/params";
import { getPitrRestore } from "@/lib/services/pitr/restore";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string; restoreId: string }> };

/** A point-in-time restore of this target, with its log (viewer). */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const actor = authenticate(request, "read");
  const p = await params;
  const id = idParam(p.id, "Target");
  const restoreId = idParam(p.restoreId, "Point-in-time restore");
  return json({ restore: getPitrRestore(actor, id, restoreId) });
});
