import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { toApiRun } from "@/lib/api/run-shape";
import { reportRun } from "@/lib/services/reports/report";
import { reportInput } from "@/lib/services/reports/schemas";

export const dynamic = "force-dynamic";

/** A script Lifeboat did not start reports start / success / fail. 201 when a run was created. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "report.write");
  const id = idParam((await params).id, "Target");
  const body = await readJson(request, reportInput);
  const { run, created } = reportRun(actor, id, body);
  return json({ run: toApiRun(run) }, created ? 201 : 200);
});
