import { Readable } from "node:stream";
import { requireActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/error-response";
import { downloadRunFiles } from "@/lib/services/runs/snapshot-files";

export const dynamic = "force-dynamic";

/** The run page's "Download as tar" of a restic snapshot folder (signed-in operator; audited). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor("artifact.download");
    const d = await downloadRunFiles(actor, Number((await params).id), new URL(request.url).searchParams.get("path") ?? "/");
    const type = d.fileName.endsWith(".tar") ? "application/x-tar" : "application/octet-stream";
    return new Response(Readable.toWeb(d.stream) as ReadableStream, {
      headers: { "Content-Type": type, "Content-Disposition": `attachment; filename="${d.fileName.replace(/[^\w.\-]/g, "_")}"`, "Cache-Control": "no-store" },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
