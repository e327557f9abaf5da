import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { checkServer } from "@/lib/services/servers/check";

export const dynamic = "force-dynamic";

export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json({ server: await checkServer(actor, idParam((await params).id, "Server")) });
});
