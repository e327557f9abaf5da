import path from "node:path";
import { authenticate } from "@/lib/api/auth";
import { handle } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { runLogFile } from "@/lib/services/runs/log";
import { sendFile } from "@/lib/http/send-file";

export const dynamic = "force-dynamic";

/** The run's log as text/plain (viewer+); an empty body while the run has written nothing yet. */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "read");
  const id = idParam((await params).id, "Run");
  const file = runLogFile(actor, id); // 404 for unknown runs and runs outside the token's apps
  if (!file) return new Response("", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return sendFile(request, { ...file, fileName: path.basename(file.absPath), contentType: "text/plain; charset=utf-8", disposition: "inline" });
});
