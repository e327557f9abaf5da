import { inArray } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiTokens, apps } from "../../db/schema";
import { ValidationError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { actorId, requirePermission, type Actor } from "../../auth/actor";
import { createTokenInput, type CreateTokenInput } from "./schemas";
import { toTokenDto, type TokenDto } from "./dto";
import { generateToken, hashToken, tokenPrefix } from "./secret";

export interface CreatedToken {
  /** The token itself: shown once, never stored. */
  token: string;
  info: TokenDto;
}

export function createToken(actor: Actor, input: CreateTokenInput): CreatedToken {
  requirePermission(actor, "manage");
  const data = createTokenInput.parse(input);
  const token = generateToken();
  return getDb().transaction((tx) => {
    if (data.appIds) {
      const found = tx.select({ id: apps.id }).from(apps).where(inArray(apps.id, data.appIds)).all();
      const missing = data.appIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length > 0) {
        throw new ValidationError(`appIds: unknown app id ${missing.join(", ")}`, { appIds: `Unknown app id ${missing.join(", ")}` });
      }
    }
    const row = tx
      .insert(apiTokens)
      .values({
        name: data.name,
        role: data.role,
        tokenHash: hashToken(token),
        prefix: tokenPrefix(token),
        appIds: data.appIds,
        expiresAt: data.expiresAt,
        createdBy: actor.type === "user" ? actorId(actor) : null,
      })
      .returning()
      .get();
    const info = toTokenDto(row);
    writeAudit(tx, actor, { action: "token.create", entityType: "api_token", entityId: row.id, after: info });
    return { token, info };
  });
}
