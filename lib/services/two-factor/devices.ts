import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { requireSelf } from "./self";
import { forgetDevices } from "./trusted-devices";

/** "Forget remembered devices": every browser of mine asks for the second factor again. */
export function forgetMyDevices(actor: Actor): { forgotten: number } {
  const me = requireSelf(actor);
  return getDb().transaction((tx) => {
    const forgotten = forgetDevices(tx, me.id);
    writeAudit(tx, me, { action: "user.devices_forget", entityType: "user", entityId: me.id, after: { forgotten } });
    return { forgotten };
  });
}
