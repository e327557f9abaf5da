import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { listApiRuns } from "@/lib/api/runs-page";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  const q = new URL(request.url).searchParams;
  const pick = (k: string) => q.get(k) || undefined;
  return json(listApiRuns(actor, { targetId: pick("targetId"), status: pick("status"), limit: pick("limit"), cursor: pick("cursor") }));
});
