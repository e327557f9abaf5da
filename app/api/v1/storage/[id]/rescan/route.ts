import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { rescanLocation } from "@/lib/services/storage-locations/rescan";

export const dynamic = "force-dynamic";

/** List the artifacts in a location from their manifests and register the unknown ones as runs (admin). */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json(await rescanLocation(actor, idParam((await params).id, "Storage location")));
});
