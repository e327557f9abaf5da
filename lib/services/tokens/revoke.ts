import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { toTokenDto, type TokenDto } from "./dto";

/** Revoke a token. authenticate() reads the row on every request, so this applies at once. */
export function revokeToken(actor: Actor, id: number): TokenDto {
  requirePermission(actor, "manage");
  return getDb().transaction((tx) => {
    const before = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!before) throw new NotFoundError(`Token ${id} not found`);
    if (before.revokedAt) return toTokenDto(before);
    const row = tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning().get();
    const after = toTokenDto(row);
    writeAudit(tx, actor, { action: "token.revoke", entityType: "api_token", entityId: id, before: toTokenDto(before), after });
    return after;
  });
}
