import { Readable } from "node:stream";
import { authenticate } from "@/lib/api/auth";
import { handle } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { downloadRunFiles } from "@/lib/services/runs/snapshot-files";

export const dynamic = "force-dynamic";

/** The snapshot or a folder of it as a tar (`restic dump`), or one file (operator). */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "artifact.download");
  const id = idParam((await params).id, "Run");
  const at = new URL(request.url).searchParams.get("path") ?? "/";
  const d = await downloadRunFiles(actor, id, at);
  const type = d.fileName.endsWith(".tar") ? "application/x-tar" : "application/octet-stream";
  return new Response(Readable.toWeb(d.stream) as ReadableStream, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="${d.fileName.replace(/[^\w.\-]/g, "_")}"`, "cache-control": "no-store" },
  });
});
