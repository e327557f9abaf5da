import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { createApp } from "@/lib/services/apps/create";
import { listApps } from "@/lib/services/apps/list";
import { createAppInput } from "@/lib/services/apps/schemas";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "read");
  return json({ apps: listApps(actor) });
});

export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const body = await readJson(request, createAppInput);
  return json({ app: createApp(actor, body) }, 201);
});
