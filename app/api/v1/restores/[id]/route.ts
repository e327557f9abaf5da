import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiRestore } from "@/lib/api/restore-shape";
import { getRestore } from "@/lib/services/restores/query";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Restore");
  return json({ restore: toApiRestore(getRestore(actor, id)) });
});
