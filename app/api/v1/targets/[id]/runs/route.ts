import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { getTarget } from "@/lib/services/targets/get";
import { enqueueRun } from "@/lib/services/runs/trigger";

export const dynamic = "force-dynamic";

/** Back up now (operator) → 202 {run:{id,status}}; 409 when a run of the target is going. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "run.trigger");
  const id = idParam((await params).id, "Target");
  getTarget(actor, id); // 404 for targets outside the token's apps
  const run = await enqueueRun(actor, id, { trigger: "api" });
  return json({ run: { id: run.id, status: run.status } }, 202);
});
