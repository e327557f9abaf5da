import { requireActor } from "@/lib/auth/session";
import { openRunLog } from "@/lib/services/runs/log";
import { errorResponse } from "@/lib/http/error-response";
import { sendFile } from "@/lib/http/send-file";

export const dynamic = "force-dynamic";

/** The whole log of a run as text (viewer+), shown in the browser rather than saved. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor("read");
    const file = openRunLog(actor, Number((await params).id));
    if (!file) return new Response("", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    return await sendFile(request, { ...file, contentType: "text/plain; charset=utf-8", disposition: "inline" });
  } catch (e) {
    return errorResponse(e);
  }
}
