import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiRestore } from "@/lib/api/restore-shape";
import { startTestRestore } from "@/lib/services/restores/start-test";

export const dynamic = "force-dynamic";

/** Verify by restoring (operator): a test restore into a scratch place → 202; its result lands on the run. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "restore.execute");
  const id = idParam((await params).id, "Run");
  return json({ restore: toApiRestore(startTestRestore(actor, id)) }, 202);
});
