import { desc } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { requirePermission, type Actor } from "../../auth/actor";
import { toTokenDto, type TokenDto } from "./dto";

export function listTokens(actor: Actor): TokenDto[] {
  requirePermission(actor, "manage");
  const now = new Date();
  return getDb()
    .select()
    .from(apiTokens)
    .orderBy(desc(apiTokens.id))
    .all()
    .map((t) => toTokenDto(t, now));
}
