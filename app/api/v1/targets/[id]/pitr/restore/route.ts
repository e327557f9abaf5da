import { z } from "zod";
import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { startPitrRestore } from "@/lib/services/pitr/restore";

export const dynamic = "force-dynamic";

const anyObject = z.record(z.string(), z.unknown(), "The body must be a JSON object");

/** Restore a postgres target to a point in time (operator) → 202; the service checks everything first. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "restore.execute");
  const id = idParam((await params).id, "Target");
  const body = await readJson(request, anyObject);
  const restore = await startPitrRestore(actor, id, body as Parameters<typeof startPitrRestore>[2]);
  return json({ restore }, 202);
});
