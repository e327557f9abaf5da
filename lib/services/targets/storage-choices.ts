import { requirePermission, type Actor } from "../../auth/actor";
import { listLocations } from "../../engine/storage/locations";

/** A storage location as the target form offers it (no settings, no secrets). */
export interface StorageChoice {
  id: number;
  name: string;
  kind: string;
  encryption: string;
}

/** The locations a target can write to or copy to (admins edit targets). */
export function storageChoices(actor: Actor): StorageChoice[] {
  requirePermission(actor, "manage");
  return listLocations().map((l) => ({ id: l.id, name: l.name, kind: l.kind, encryption: l.encryption }));
}
