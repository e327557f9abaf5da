import { authenticate } from "@/lib/api/auth";
import { handle, json } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { testStorageLocation } from "@/lib/services/storage-locations/test-location";

export const dynamic = "force-dynamic";

/** Write, read back and delete a probe object (admin) → 200 with the latency, or 400 naming the cause. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json(await testStorageLocation(actor, idParam((await params).id, "Storage location")));
});
