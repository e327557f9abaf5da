import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers, type NewServer } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { closeConnection } from "../../engine/servers/pool";
import { updateServerInput, type UpdateServerInput } from "./schemas";
import { toServerDto, type ServerDto } from "./dto";
import { assertServerNameFree, sealServerSecret } from "./create";

/**
 * Change a server; what is absent keeps its value. Pinning `hostKeyFingerprint` is how an admin
 * confirms the key shown by the first check (or accepts a reinstalled server's new key): audited
 * with the old and new fingerprints. The pooled connection is dropped, so the next job uses the change.
 */
export function updateServer(actor: Actor, input: UpdateServerInput): ServerDto {
  requirePermission(actor, "manage");
  const data = updateServerInput.parse(input);
  const dto = getDb().transaction((tx) => {
    const before = tx.select().from(servers).where(eq(servers.id, data.id)).get();
    if (!before) throw new NotFoundError(`Server ${data.id} not found`);
    if (data.name) assertServerNameFree(tx, data.name, data.id);
    const set: Partial<NewServer> = { updatedAt: new Date() };
    for (const key of ["name", "host", "port", "username", "maxParallel"] as const) {
      if (data[key] !== undefined) Object.assign(set, { [key]: data[key] });
    }
    if (data.privateKey || data.password) {
      set.auth = data.privateKey ? "key" : "password";
      set.secretEnc = sealServerSecret(data);
    }
    if (data.hostKeyFingerprint && data.hostKeyFingerprint !== before.hostKeyFingerprint) {
      set.hostKeyFingerprint = data.hostKeyFingerprint;
      // A new pin starts a new story: the old outage (a changed key) was this.
      Object.assign(set, { seenHostKey: null, unreachableSince: null, lastError: null, reachable: null });
    }
    const after = tx.update(servers).set(set).where(eq(servers.id, data.id)).returning().get();
    const afterDto = toServerDto(after);
    writeAudit(tx, actor, {
      action: set.hostKeyFingerprint ? "server.pin_host_key" : "server.update",
      entityType: "server",
      entityId: data.id,
      before: toServerDto(before),
      after: afterDto,
    });
    return afterDto;
  });
  closeConnection(data.id);
  return dto;
}
