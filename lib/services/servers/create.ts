import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { servers } from "../../db/schema";
import { ConflictError } from "../../errors";
import { sealJson } from "../../crypto/secrets";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { createServerInput, type CreateServerInput } from "./schemas";
import { toServerDto, type ServerDto } from "./dto";

export function assertServerNameFree(tx: DbOrTx, name: string, exceptId?: number): void {
  const other = tx.select({ id: servers.id }).from(servers).where(eq(servers.name, name)).get();
  if (other && other.id !== exceptId) throw new ConflictError(`A server named ${name} exists already`, { name: "This name is taken" });
}

export const sealServerSecret = (s: { privateKey?: string; password?: string }) =>
  sealJson(s.privateKey ? { privateKey: s.privateKey.trim() + "\n" } : { password: s.password! });

/**
 * Add a server. Its host key is pinned only as given here or confirmed later (PATCH
 * hostKeyFingerprint with the key the first check shows); until then nothing runs on it.
 */
export function createServer(actor: Actor, input: CreateServerInput): ServerDto {
  requirePermission(actor, "manage");
  const data = createServerInput.parse(input);
  return getDb().transaction((tx) => {
    assertServerNameFree(tx, data.name);
    const row = tx
      .insert(servers)
      .values({
        name: data.name,
        host: data.host,
        port: data.port ?? 22,
        username: data.username,
        auth: data.privateKey ? "key" : "password",
        secretEnc: sealServerSecret(data),
        hostKeyFingerprint: data.hostKeyFingerprint ?? null,
        maxParallel: data.maxParallel ?? 4,
      })
      .returning()
      .get();
    const dto = toServerDto(row);
    writeAudit(tx, actor, { action: "server.create", entityType: "server", entityId: row.id, after: dto });
    return dto;
  });
}
