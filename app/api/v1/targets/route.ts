import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { cachedJson, scopeKey } from "@/lib/api/list-cache";
import { apiTargetList } from "@/lib/api/target-list";
import { createTarget } from "@/lib/services/targets/create";
import { listTargetsInput } from "@/lib/services/targets/schemas";
import { applyPitr, splitPitr } from "@/lib/api/target-pitr";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  const q = new URL(request.url).searchParams;
  const filter = listTargetsInput.parse({ appId: q.get("appId") ?? undefined, type: q.get("type") ?? undefined });
  // The status words move with the clock too (an overdue slot passes without a write): 1 s at most.
  const key = `targets|${scopeKey(actor.appIds)}|${filter.appId ?? ""}|${filter.type ?? ""}`;
  return cachedJson(key, 1000, () => ({ targets: apiTargetList(actor, filter) }));
});

const anyObject = z.record(z.string(), z.unknown(), "The body must be a JSON object");

// The service validates the body and keeps an app-limited token inside its apps.
export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const { rest, pitr } = splitPitr(await readJson(request, anyObject));
  const target = createTarget(actor, rest as Parameters<typeof createTarget>[1]);
  return json({ target: await applyPitr(actor, target, pitr, { created: true }) }, 201);
});
