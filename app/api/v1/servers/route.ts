import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { createServer } from "@/lib/services/servers/create";
import { checkServer } from "@/lib/services/servers/check";
import { listServers } from "@/lib/services/servers/list";
import { createServerInput } from "@/lib/services/servers/schemas";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  return json({ servers: await listServers(actor) });
});

/** Creates the server, then connects once: the answer shows the host key to confirm, or the tools found. */
export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const body = await readJson(request, createServerInput);
  const created = createServer(actor, body);
  return json({ server: await checkServer(actor, created.id!) }, 201);
});
