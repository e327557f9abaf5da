import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, targets } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { toAppDto, type AppDto } from "./dto";

export function getApp(actor: Actor, id: number): AppDto {
  requirePermission(actor, "read");
  const scope = actorAppScope(actor);
  const row = scope && !scope.includes(id) ? undefined : getDb().select().from(apps).where(eq(apps.id, id)).get();
  if (!row) throw new NotFoundError(`App ${id} not found`);
  const n = getDb().select({ n: sql<number>`count(*)` }).from(targets).where(eq(targets.appId, id)).get()?.n ?? 0;
  return toAppDto(row, n);
}
