import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { servers, targets } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { closeConnection } from "../../engine/servers/pool";
import { toServerDto } from "./dto";

/** Remove a server; refused while targets still run on it (move or delete them first). */
export function deleteServer(actor: Actor, id: number): void {
  requirePermission(actor, "manage");
  getDb().transaction(
    (tx) => {
      const before = tx.select().from(servers).where(eq(servers.id, id)).get();
      if (!before) throw new NotFoundError(`Server ${id} not found`);
      const n = tx.select({ n: sql<number>`count(*)` }).from(targets).where(eq(targets.serverId, id)).get()?.n ?? 0;
      if (n > 0) throw new ConflictError(`${n} target(s) run on server ${before.name}: move them to another server or delete them first`);
      tx.delete(servers).where(eq(servers.id, id)).run();
      writeAudit(tx, actor, { action: "server.delete", entityType: "server", entityId: id, before: toServerDto(before) });
    },
    { behavior: "immediate" },
  );
  closeConnection(id);
}
