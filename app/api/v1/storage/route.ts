import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { storageCreateInput } from "@/lib/services/storage-locations/schemas";
import { listStorageLocations } from "@/lib/services/storage-locations/list";
import { createStorageLocation } from "@/lib/services/storage-locations/create";

export const dynamic = "force-dynamic";

/** Storage locations (admin); secrets masked. */
export const GET = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  return json({ storage: listStorageLocations(actor) });
});

/** Add a location (admin) → 201; an SFTP server's unconfirmed host key → 400 with its fingerprint. */
export const POST = handle(async (request: Request) => {
  const actor = authenticate(request, "manage");
  const body = await readJson(request, storageCreateInput);
  return json({ storage: await createStorageLocation(actor, body) }, 201);
});
