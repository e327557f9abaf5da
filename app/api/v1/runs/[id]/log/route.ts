import fs from "node:fs";
import path from "node:path";
import { authenticate } from "@/lib/api/auth";
import { handle } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { loadRunForActor } from "@/lib/services/runs/get";
import { runLogPath } from "@/lib/engine/runner-api";
import { sendFile } from "@/lib/http/send-file";

export const dynamic = "force-dynamic";

/** The run's log as text/plain (viewer+); an empty body while the run has written nothing yet. */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Run");
  loadRunForActor(actor, id); // 404 for unknown runs and runs outside the token's apps
  // The path comes from the run id alone (the runner's naming), never from the request.
  const absPath = runLogPath(id);
  let size: number;
  try {
    size = fs.statSync(absPath).size;
  } catch {
    return new Response("", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return sendFile(request, { absPath, size, fileName: path.basename(absPath), contentType: "text/plain; charset=utf-8", disposition: "inline" });
});
