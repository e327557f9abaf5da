import { authenticate } from "@/lib/api/auth";
import { handle } from "@/lib/api/respond";
import { cachedJson, scopeKey } from "@/lib/api/list-cache";
import { listApiRuns } from "@/lib/api/runs-page";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  const q = new URL(request.url).searchParams;
  const pick = (k: string) => q.get(k) || undefined;
  const query = { targetId: pick("targetId"), status: pick("status"), limit: pick("limit"), cursor: pick("cursor") };
  const key = `runs|${scopeKey(actor.appIds)}|${query.targetId ?? ""}|${query.status ?? ""}|${query.limit ?? ""}|${query.cursor ?? ""}`;
  return cachedJson(key, 10_000, () => listApiRuns(actor, query));
});
