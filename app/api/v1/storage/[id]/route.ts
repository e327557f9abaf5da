import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { storagePatchInput } from "@/lib/services/storage-locations/schemas";
import { getStorageLocation } from "@/lib/services/storage-locations/list";
import { updateStorageLocation } from "@/lib/services/storage-locations/update";
import { deleteStorageLocation } from "@/lib/services/storage-locations/delete";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json({ storage: getStorageLocation(actor, idParam((await params).id, "Storage location")) });
});

/** Change a location (admin); a secret left out or "***" is kept. */
export const PATCH = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Storage location");
  const body = await readJson(request, storagePatchInput);
  return json({ storage: await updateStorageLocation(actor, id, body) });
});

/** Delete a location (admin) → 204; 409 while it holds artifacts. */
export const DELETE = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  deleteStorageLocation(actor, idParam((await params).id, "Storage location"));
  return new Response(null, { status: 204 });
});
