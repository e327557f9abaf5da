import { z } from "zod";
import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { getServer } from "@/lib/services/servers/list";
import { updateServer } from "@/lib/services/servers/update";
import { deleteServer } from "@/lib/services/servers/delete";
import { checkServer } from "@/lib/services/servers/check";

export const dynamic = "force-dynamic";

const anyObject = z.record(z.string(), z.unknown(), "The body must be a JSON object");

export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json({ server: getServer(actor, idParam((await params).id, "Server")) });
});

/** A change (pinning the host key included) is followed by a check, so the answer says whether it now connects. */
export const PATCH = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Server");
  const body = await readJson(request, anyObject);
  updateServer(actor, { ...body, id });
  return json({ server: await checkServer(actor, id) });
});

export const DELETE = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  deleteServer(actor, idParam((await params).id, "Server"));
  return new Response(null, { status: 204 });
});
