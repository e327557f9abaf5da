import { requireActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/api/respond";
import { exportAuditCsv } from "@/lib/services/audit/csv";

export const dynamic = "force-dynamic";

/** The filtered audit trail as CSV (admin session), streamed in batches. */
export async function GET(request: Request): Promise<Response> {
  try {
    const actor = await requireActor("audit.read");
    const q = Object.fromEntries(new URL(request.url).searchParams.entries());
    const stream = exportAuditCsv(actor, q);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="lifeboat-audit-${day}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
