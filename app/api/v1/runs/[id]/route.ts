import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiRun } from "@/lib/api/run-shape";
import { getRun } from "@/lib/services/runs/get";
import { listRunCopies } from "@/lib/services/runs/copies";
import { deleteRunArtifact } from "@/lib/services/runs/delete-artifact";
import { parseWaitSeconds, waitForRunEnd } from "@/lib/services/runs/wait";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Run");
  // ?wait=N (0–60 s): answer when the run has ended, or after N seconds with it still running.
  await waitForRunEnd(actor, id, parseWaitSeconds(new URL(request.url).searchParams.get("wait")), request.signal);
  const run = getRun(actor, id);
  // The detail adds the restic snapshot (null for archive runs), the kind and a base backup's WAL
  // range (issue 15); the list keeps the eleven fields.
  return json({ run: { ...toApiRun(run), snapshot: run.snapshot, kind: run.kind, pitrBase: run.pitrBase ?? null, copies: listRunCopies(actor, id) } });
});

/** Delete the run's artifact (admin) → 204; the run stays, its artifact state becomes `deleted`. */
export const DELETE = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Run");
  deleteRunArtifact(actor, id);
  return new Response(null, { status: 204 });
});
