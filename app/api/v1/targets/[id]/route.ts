import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { getTarget } from "@/lib/services/targets/get";
import { apiTargetDetail } from "@/lib/api/target-list";
import { updateTarget } from "@/lib/services/targets/update";
import { deleteTarget } from "@/lib/services/targets/delete";
import { applyPitr, splitPitr } from "@/lib/api/target-pitr";
import { dropPitrBeforeDelete } from "@/lib/services/pitr/set-pitr";
import { z } from "zod";

export const dynamic = "force-dynamic";

const anyObject = z.record(z.string(), z.unknown(), "The body must be a JSON object");

export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Target");
  return json({ target: apiTargetDetail(actor, id) });
});

export const PATCH = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Target");
  getTarget(actor, id); // 404 for targets of apps outside the token's scope
  const { rest, pitr } = splitPitr(await readJson(request, anyObject));
  return json({ target: await applyPitr(actor, updateTarget(actor, { ...rest, id }), pitr) });
});

const deleteQuery = z.object({
  deleteArtifacts: z.enum(["true", "false"], "deleteArtifacts: use true or false").optional(),
});

export const DELETE = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Target");
  getTarget(actor, id);
  const q = deleteQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  await dropPitrBeforeDelete(actor, id);
  deleteTarget(actor, id, { deleteArtifacts: q.deleteArtifacts === "true" });
  return new Response(null, { status: 204 });
});
