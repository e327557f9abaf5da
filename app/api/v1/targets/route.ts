import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { assertAppVisible } from "@/lib/api/scope";
import { apiTargetList } from "@/lib/api/target-list";
import { createTarget } from "@/lib/services/targets/create";
import { listTargetsInput } from "@/lib/services/targets/schemas";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  const q = new URL(request.url).searchParams;
  const filter = listTargetsInput.parse({ appId: q.get("appId") ?? undefined, type: q.get("type") ?? undefined });
  return json({ targets: apiTargetList(actor, filter) });
});

// Only appId is read here (scope check); the service validates the whole body.
const appIdOnly = z.object({ appId: z.unknown() }).passthrough();

export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const body = await readJson(request, appIdOnly);
  const appId = Number(body.appId);
  if (Number.isInteger(appId) && appId > 0) assertAppVisible(actor, appId, `App ${appId}`);
  return json({ target: createTarget(actor, body as Parameters<typeof createTarget>[1]) }, 201);
});
